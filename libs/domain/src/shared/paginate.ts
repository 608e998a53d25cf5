import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page } from './page';
import { PageQueryDto } from './page-query.dto';
import { lastPageTotal } from './last-page-total';

/**
 * Runs a query builder for one page and maps the rows. With `totalCap`, the total is counted up
 * to the cap only (see TOTAL_CAP) and the page says whether it stopped there.
 */
export async function paginate<E extends ObjectLiteral, V>(
  query: SelectQueryBuilder<E>,
  paging: PageQueryDto,
  toView: (entity: E) => V,
  options: { totalCap?: number } = {},
): Promise<Page<V>> {
  const paged = query.skip((paging.page - 1) * paging.pageSize).take(paging.pageSize);
  const { page, pageSize } = paging;
  if (options.totalCap === undefined) {
    const [rows, total] = await paged.getManyAndCount();
    return { items: rows.map(toView), page, pageSize, total: lastPageTotal(paging, rows.length) ?? total };
  }
  const [rows, countedApart] = await Promise.all([paged.getMany(), countUpTo(query, options.totalCap + 1)]);
  const counted = lastPageTotal(paging, rows.length) ?? countedApart;
  const total = Math.min(counted, options.totalCap);
  return { items: rows.map(toView), page, pageSize, total, totalCapped: counted > options.totalCap };
}

/** The number of rows the query finds, counting no further than `limit`. */
async function countUpTo<E extends ObjectLiteral>(
  query: SelectQueryBuilder<E>,
  limit: number,
): Promise<number> {
  // A joined row repeats its main row, and would count twice.
  if (query.expressionMap.joinAttributes.length > 0)
    throw new Error('A capped total needs a query without joins');
  const [sql, parameters] = query
    .clone()
    .select(`${query.alias}.id`, 'id')
    .orderBy()
    .skip(undefined)
    .take(undefined)
    .offset(undefined)
    .limit(limit)
    .getQueryAndParameters();
  const [{ n }] = await query.connection.query(`SELECT count(*)::int AS n FROM (${sql}) counted`, parameters);
  return n;
}
