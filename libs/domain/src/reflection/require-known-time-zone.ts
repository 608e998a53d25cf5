import { EntityManager } from 'typeorm';
import { DomainError } from '../shared/domain.error';

/**
 * The database must know the zone too: it orders due agendas on the series' clock. Node's ICU still
 * knows some names the tz database dropped (US/Pacific-New), and one such series made that query
 * fail for every organisation. Asked as that query asks (case-insensitive), in a savepoint so that
 * a refusal leaves the caller's transaction usable.
 */
export async function requireKnownTimeZone(m: EntityManager, timeZone: string): Promise<void> {
  await m.query('SAVEPOINT leerlus_time_zone');
  try {
    await m.query('SELECT now() AT TIME ZONE $1', [timeZone]);
  } catch {
    await m.query('ROLLBACK TO SAVEPOINT leerlus_time_zone');
    throw DomainError.invalid('timeZone', 'is not a time zone of the tz database');
  }
  await m.query('RELEASE SAVEPOINT leerlus_time_zone');
}
