import { SEARCH_WINDOW } from './search-window';

/**
 * How much more a row read by walking the incidents newest first costs than an entry read from
 * the dated word index: the walk fetches each incident and checks its search vector, the index
 * hands over an entry's date. Fitted on the benchmark's search words at a million incidents
 * through the api: a walk about 1.3 µs a row, the index about 0.5 µs an entry (bench/README.md).
 */
const WALK_TO_INDEX_COST = 2.5;

/**
 * At most this many matches PostgreSQL reads all of through the GIN index and sorts by date in a
 * few milliseconds, as fast as the word index at these sizes: the planner's own choice stands.
 */
const FEW_MATCHES = 2_000;

/** The planner's estimates for a search (leerlus_search_estimate, migration 1764600000000). */
export interface SearchEstimate {
  /** Rows of the register the search matches. */
  matches: number;
  /** Rows the least common of its AND-ed words matches: about what the dated word index reads. */
  shortestList: number;
  /** Rows of the register. */
  rows: number;
}

/**
 * Whether a search's newest SEARCH_WINDOW matches are cheaper to read from the dated word index
 * (the entries of its least common word, in date order) than by walking the register newest
 * first (about `rows × SEARCH_WINDOW / matches` rows until enough match). At a million incidents
 * a single word goes to the word index from 2,000 to about 22,000 matches, one incident in 45.
 */
export function readsNewestFromWordIndex(estimate: SearchEstimate): boolean {
  return (
    estimate.matches > FEW_MATCHES &&
    estimate.shortestList * estimate.matches < estimate.rows * SEARCH_WINDOW * WALK_TO_INDEX_COST
  );
}
