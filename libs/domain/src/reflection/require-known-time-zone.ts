import { EntityManager } from 'typeorm';
import { DomainError } from '../shared/domain.error';

/**
 * The database must know the zone too: it orders due agendas on the series' clock. Node's ICU still
 * knows some names the tz database dropped (US/Pacific-New), and one such series made that query
 * fail for every organisation.
 */
export async function requireKnownTimeZone(m: EntityManager, timeZone: string): Promise<void> {
  const [{ known }]: { known: boolean }[] = await m.query(
    `SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS known`,
    [timeZone],
  );
  if (!known) throw DomainError.invalid('timeZone', 'is not a time zone of the tz database');
}
