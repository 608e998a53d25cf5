import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Orders `qb` by a sort key of a list (`title`, `-createdAt`: a leading `-` is descending), the
 * newest first among equals, then by id. `columns` maps each key to its SQL on the query's alias
 * and must hold `createdAt`; keys in `nullable` put records without a value last either way (only
 * those: on other columns NULLS LAST would not match their index's order).
 */
export function orderBySort<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  sort: string,
  columns: Record<string, string>,
  nullable: ReadonlySet<string> = new Set(),
): void {
  const key = sort.replace(/^-/, '');
  qb.orderBy(
    columns[key],
    sort.startsWith('-') ? 'DESC' : 'ASC',
    nullable.has(key) ? 'NULLS LAST' : undefined,
  );
  // (TypeORM keys the order by its expression: newest first would overwrite sort=createdAt.)
  if (key !== 'createdAt') qb.addOrderBy(columns.createdAt, 'DESC');
  qb.addOrderBy(`${qb.alias}.id`, 'ASC');
}
