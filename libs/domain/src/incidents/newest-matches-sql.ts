import { SelectQueryBuilder } from 'typeorm';
import { SEARCH_WINDOW } from '../shared/search-window';
import { IncidentEntity } from './incident.entity';

/**
 * Newest first in the dated word index's terms: the distance of each report time back from a
 * bound no report reaches (a time later than it would count as infinitely far, and come last).
 * The distance is in seconds as a float8: for today's times about 2.5·10¹¹ s, which tells times
 * apart only to some 30 µs. Times closer than that may get equal distances.
 */
const NEWEST_IN_WORD_INDEX = `i.reported_at <=| CAST('9999-12-31' AS timestamptz)`;

/**
 * Every match reported from the last time the word index gave up to this much later: more than
 * the distance's resolution, so it holds whatever the index left out at that time.
 */
const EDGE = `interval '1 millisecond'`;

/**
 * The SQL of the newest SEARCH_WINDOW + 1 matches of `selected` (the caller's conditions on alias
 * `i`, selecting `id`, `newest` and `rank`), newest first with ties by id, and its parameters.
 * Either by walking the incidents newest first, or from the dated word index
 * (readsNewestFromWordIndex). The word index orders by time alone, and by equal distances for
 * times a few microseconds apart, so among matches reported at about the moment of the last one
 * it gives, it may take others than the walk would: every match from that moment to EDGE later
 * is added from the date index, and the same newest-first-then-id cut made of both.
 */
export function newestMatchesSql(
  selected: SelectQueryBuilder<IncidentEntity>,
  wordIndex: boolean,
): [string, unknown[]] {
  if (!wordIndex)
    return selected
      .clone()
      .orderBy('i.reported_at', 'DESC')
      .addOrderBy('i.id', 'ASC')
      .limit(SEARCH_WINDOW + 1)
      .getQueryAndParameters();
  const [nearest, parameters] = selected
    .clone()
    .orderBy(NEWEST_IN_WORD_INDEX)
    .limit(SEARCH_WINDOW + 1)
    .getQueryAndParameters();
  // The same conditions and no parameter of their own, so both number the parameters alike.
  const [ties] = selected
    .clone()
    .andWhere(
      `i.reported_at BETWEEN (SELECT min(nearest.newest) FROM nearest) AND (SELECT min(nearest.newest) FROM nearest) + ${EDGE}`,
    )
    .getQueryAndParameters();
  return [
    `WITH nearest AS MATERIALIZED (${nearest})
     SELECT * FROM (SELECT * FROM nearest UNION ${ties}) AS candidates
     ORDER BY newest DESC, id LIMIT ${SEARCH_WINDOW + 1}`,
    parameters,
  ];
}
