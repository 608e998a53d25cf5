import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { periodBound } from '../incidents/period-bound';

/**
 * Limits `qb` to the records whose `column` lies from `from` (inclusive) to `to` (exclusive), each a
 * period bound (a date-time, or a calendar date in `timeZone`: `to` then includes that day). `name`
 * keeps the parameters apart from others of the query.
 */
export function wherePeriod<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  column: string,
  from: string | undefined,
  to: string | undefined,
  name = 'period',
  timeZone = 'Europe/Amsterdam',
): void {
  if (from)
    qb.andWhere(`${column} >= :${name}From`, { [`${name}From`]: periodBound(from, 'from', timeZone) });
  if (to) qb.andWhere(`${column} < :${name}To`, { [`${name}To`]: periodBound(to, 'to', timeZone) });
}
