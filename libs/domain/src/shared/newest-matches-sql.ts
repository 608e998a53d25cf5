import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { SEARCH_WINDOW } from './search-window';

/**
 * A bound no time in a register reaches: the dated word index orders by the distance of each
 * time back from it (a time later than it would count as infinitely far, and come last). The
 * distance is in seconds as a float8: for today's times about 2.5·10¹¹ s, which tells times apart
 * only to some 30 µs. Times closer than that may get equal distances.
 */
const FAR_AHEAD = `CAST('9999-12-31' AS timestamptz)`;

/**
 * Every match from the last time the word index gave up to this much later: more than the
 * distance's resolution, so it holds whatever the index left out at that time.
 */
const EDGE = `interval '1 millisecond'`;

/** The columns, on the query builder's alias, that identify a match and say how new it is. */
export interface NewestColumns {
  /** E.g. `i.id`. */
  id: string;
  /** The time the dated word index carries, e.g. `i.reported_at`. */
  newest: string;
}

/**
 * The SQL of the newest SEARCH_WINDOW + 1 matches of `selected` (the caller's conditions,
 * selecting `id`, `newest` and `rank`; any order it has is replaced), newest first with ties by
 * id, and its parameters. Either
 * by walking the register newest first, or from its dated word index (readsNewestFromWordIndex).
 * The word index orders by time alone, and by equal distances for times a few microseconds apart,
 * so among matches at about the moment of the last one it gives, it may take others than the walk
 * would: every match from that moment to EDGE later is added from the date index, and the same
 * newest-first-then-id cut made of both.
 */
export function newestMatchesSql<E extends ObjectLiteral>(
  selected: SelectQueryBuilder<E>,
  { id, newest }: NewestColumns,
  wordIndex: boolean,
): [string, unknown[]] {
  if (!wordIndex)
    return selected
      .clone()
      .orderBy(newest, 'DESC')
      .addOrderBy(id, 'ASC')
      .limit(SEARCH_WINDOW + 1)
      .getQueryAndParameters();
  const [nearest, parameters] = selected
    .clone()
    .orderBy(`${newest} <=| ${FAR_AHEAD}`)
    .limit(SEARCH_WINDOW + 1)
    .getQueryAndParameters();
  // The same conditions and no parameter of their own, so both number the parameters alike.
  const edge = '(SELECT min(nearest.newest) FROM nearest)';
  const [ties] = selected
    .clone()
    .orderBy()
    .andWhere(`${newest} BETWEEN ${edge} AND ${edge} + ${EDGE}`)
    .getQueryAndParameters();
  return [
    `WITH nearest AS MATERIALIZED (${nearest})
     SELECT * FROM (SELECT * FROM nearest UNION ${ties}) AS candidates
     ORDER BY newest DESC, id LIMIT ${SEARCH_WINDOW + 1}`,
    parameters,
  ];
}
