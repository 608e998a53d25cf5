import { EntityManager } from 'typeorm';
import { DomainError } from '../shared/domain.error';
import { canonicalTimeZone } from './canonical-time-zone';

/**
 * The database must know the zone too: it orders due agendas on the series' clock. Node's ICU still
 * knows some names the tz database dropped (US/Pacific-New), and one such series made that query
 * fail for every organisation. Asked as that query asks (case-insensitive), in a savepoint so that
 * a refusal leaves the caller's transaction usable.
 *
 * Returns the name as the database spells it, which is what a series stores ("europe/amsterdam"
 * is Europe/Amsterdam; calendar clients match a TZID case-sensitively). Not ICU's spelling: ICU
 * calls Europe/Kyiv by its old name Europe/Kiev, which a database with a current tz database
 * may not know.
 */
export async function requireKnownTimeZone(m: EntityManager, timeZone: string): Promise<string> {
  await m.query('SAVEPOINT leerlus_time_zone');
  try {
    await m.query('SELECT now() AT TIME ZONE $1', [timeZone]);
  } catch {
    await m.query('ROLLBACK TO SAVEPOINT leerlus_time_zone');
    throw DomainError.invalid('timeZone', 'is not a time zone of the tz database');
  }
  await m.query('RELEASE SAVEPOINT leerlus_time_zone');
  // ICU spelling it the same way means it is spelled right; only otherwise ask the database's list
  // (which reads the tz directory: some 50 ms).
  if (canonicalTimeZone(timeZone) === timeZone) return timeZone;
  const [known]: { name: string }[] = await m.query(
    `SELECT name FROM pg_timezone_names WHERE lower(name) = lower($1) ORDER BY name LIMIT 1`,
    [timeZone],
  );
  return known?.name ?? timeZone;
}
