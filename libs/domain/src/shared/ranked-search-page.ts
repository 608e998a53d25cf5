import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page } from './page';
import { PageQueryDto } from './page-query.dto';
import { newestMatchesSql } from './newest-matches-sql';
import { pastWindow } from './past-window';
import { rankedWindowSql } from './ranked-window-sql';
import { SEARCH_WINDOW } from './search-window';

/** How a register ranks the matches of a search, on the query builder's alias. */
export interface SearchRanking {
  /** The relevance, e.g. `ts_rank(l.search, CAST(:search AS tsquery))`. */
  rank: string;
  /** The column that says which matches are newest, e.g. `l.created_at`. */
  newest: string;
}

/**
 * A text search in order of relevance: the newest SEARCH_WINDOW matches ranked (ranking every
 * match of a common word reads all of them), pages past them by date, newest first, so every
 * match comes exactly once. The total is counted up to the window (`totalCapped` past it).
 * `query` holds the caller's filters and the search condition; its order is replaced. With
 * `wordIndex` the window's matches are read from the register's dated word index (searchText).
 */
export async function rankedSearchPage<E extends ObjectLiteral, V>(
  query: SelectQueryBuilder<E>,
  ranking: SearchRanking,
  paging: PageQueryDto,
  toView: (entity: E) => V,
  wordIndex = false,
): Promise<Page<V>> {
  const id = `${query.alias}.id`;
  const byDate = () => query.clone().orderBy(ranking.newest, 'DESC').addOrderBy(id, 'ASC');
  const [matches, parameters] = newestMatchesSql(
    query.clone().select(id, 'id').addSelect(ranking.newest, 'newest').addSelect(ranking.rank, 'rank'),
    { id, newest: ranking.newest },
    wordIndex,
  );
  const offset = (paging.page - 1) * paging.pageSize;
  const next = parameters.length + 1;
  // The count rides on every row, and on a row without a match when the page is empty.
  const found: { n: number; id: string | null }[] = await query.connection.query(
    `${rankedWindowSql(matches, next)}
     SELECT (SELECT count(*)::int FROM matches) AS n, shown.id
     FROM (SELECT) one LEFT JOIN shown ON TRUE
     ORDER BY shown.rank DESC, shown.newest DESC, shown.id`,
    [...parameters, offset, paging.pageSize],
  );
  const n = found[0].n;
  const ids = found.flatMap((row) => (row.id === null ? [] : [row.id]));
  const rows = ids.length
    ? await query.clone().andWhere(`${id} IN (:...rankedIds)`, { rankedIds: ids }).getMany()
    : [];
  const byId = new Map(rows.map((row) => [row.id as string, row]));
  // In rank order; one deleted in between is left out.
  const items = ids.flatMap((each) => byId.get(each) ?? []);
  const past = pastWindow(offset, paging.pageSize, n);
  if (past) items.push(...(await byDate().offset(past.offset).limit(past.limit).getMany()));
  return {
    items: items.map(toView),
    page: paging.page,
    pageSize: paging.pageSize,
    total: Math.min(n, SEARCH_WINDOW),
    totalCapped: n > SEARCH_WINDOW,
  };
}
