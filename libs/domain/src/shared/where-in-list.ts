import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Narrows `qb` to rows whose `column` is one of `values` (a list filter). One value is written as
 * an equality, as it was before lists were taken: the plans of the single-value filters, which
 * the indexes were made for, stay as they were.
 */
export function whereInList<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  parameter: string,
  values: readonly string[] | undefined,
): SelectQueryBuilder<T> {
  if (values === undefined) return qb;
  return values.length === 1
    ? qb.andWhere(`${column} = :${parameter}`, { [parameter]: values[0] })
    : qb.andWhere(`${column} IN (:...${parameter})`, { [parameter]: values });
}
