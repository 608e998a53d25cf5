import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page } from './page';
import { PageQueryDto } from './page-query.dto';

/** Runs a query builder for one page and maps the rows. */
export async function paginate<E extends ObjectLiteral, V>(
  query: SelectQueryBuilder<E>,
  paging: PageQueryDto,
  toView: (entity: E) => V,
): Promise<Page<V>> {
  const [rows, total] = await query
    .skip((paging.page - 1) * paging.pageSize)
    .take(paging.pageSize)
    .getManyAndCount();
  return { items: rows.map(toView), page: paging.page, pageSize: paging.pageSize, total };
}
