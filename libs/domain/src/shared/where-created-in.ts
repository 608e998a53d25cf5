import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { periodBound } from '../incidents/period-bound';
import { CreatedPeriodQueryDto } from './created-period-query.dto';

/** Limits `qb` to the records whose `column` (e.g. `l.created_at`) lies in the query's period. */
export function whereCreatedIn<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  column: string,
  query: CreatedPeriodQueryDto,
): void {
  if (query.createdFrom)
    qb.andWhere(`${column} >= :createdFrom`, { createdFrom: periodBound(query.createdFrom, 'from') });
  if (query.createdTo)
    qb.andWhere(`${column} < :createdTo`, { createdTo: periodBound(query.createdTo, 'to') });
}
