import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CreatedPeriodQueryDto } from './created-period-query.dto';
import { wherePeriod } from './where-period';

/** Limits `qb` to the records whose `column` (e.g. `l.created_at`) lies in the query's period. */
export function whereCreatedIn<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  column: string,
  query: CreatedPeriodQueryDto,
): void {
  wherePeriod(qb, column, query.createdFrom, query.createdTo, 'created');
}
