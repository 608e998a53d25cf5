import { SelectQueryBuilder } from 'typeorm';
import { SEARCH_WINDOW } from '../shared/search-window';
import { IncidentEntity } from './incident.entity';

/**
 * Newest first in the dated word index's terms: the distance from each report time back from a
 * bound far ahead. The distance is in seconds as a float8, which is exact to the microsecond
 * (PostgreSQL's resolution) only while it stays under 2³² s, 136 years: report times from 1964
 * on. Later than the bound counts as infinitely far, last.
 */
const NEWEST_IN_WORD_INDEX = `i.reported_at <=| CAST('2100-01-01' AS timestamptz)`;

/**
 * The SQL of the newest SEARCH_WINDOW + 1 matches of `selected` (the caller's conditions on alias
 * `i`, selecting `id`, `newest` and `rank`), newest first with ties by id, and its parameters.
 * Either by walking the incidents newest first, or from the dated word index
 * (readsNewestFromWordIndex). The word index orders by time alone, so among matches reported at
 * the same moment as the last one it gives, it may take others than the walk would: those are
 * added from the date index, and the same newest-first-then-id cut made of both.
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
    .andWhere('i.reported_at = (SELECT min(nearest.newest) FROM nearest)')
    .getQueryAndParameters();
  return [
    `WITH nearest AS MATERIALIZED (${nearest})
     SELECT * FROM (SELECT * FROM nearest UNION ${ties}) AS candidates
     ORDER BY newest DESC, id LIMIT ${SEARCH_WINDOW + 1}`,
    parameters,
  ];
}
