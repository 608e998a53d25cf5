import { SEARCH_WINDOW } from './search-window';

/**
 * The common table expressions of a ranked search page: `matches` (the SQL `matches` selecting
 * `id`, `newest` and `rank` of the newest SEARCH_WINDOW + 1 matches, newest first), `window_` (the
 * newest SEARCH_WINDOW of them) and `shown` (the window in order of relevance, from offset
 * `$next` with `$next + 1` rows). The caller selects from `shown`, and counts `matches`.
 */
export function rankedWindowSql(matches: string, next: number): string {
  return `WITH matches AS MATERIALIZED (${matches}),
     window_ AS (SELECT * FROM matches ORDER BY newest DESC, id LIMIT ${SEARCH_WINDOW}),
     shown AS (SELECT * FROM window_ ORDER BY rank DESC, newest DESC, id OFFSET $${next} LIMIT $${next + 1})`;
}
