import { EntityManager } from 'typeorm';
import { EXACT_WORDS_SQL } from './exact-words-sql';
import { readsNewestFromWordIndex } from './reads-newest-from-word-index';

/** The registers with a dated word index (migrations 1764600000000 and 1764610000000), where the server has rum. */
export type DatedRegister = 'incidents' | 'lessons';

/** A search text, worked out before the search itself. */
export interface SearchText {
  /** As dutchSearchQuery gives it: the tsquery, or null (only stop words) for nothing. */
  query: string | null;
  /** As dutchSearchQuery gives it: the words as typed, for ranking (searchRankSql). */
  exact: string[] | null;
  /** Whether its newest matches are cheaper to read from the register's dated word index than by date. */
  wordIndex: boolean;
}

/**
 * The search text as dutchSearchQuery makes it and, in the same round trip when `ranked`, the
 * planner's estimates of its matches in `register`. Those are asked only when the register's
 * dated word index exists and is valid (a build that was interrupted leaves an invalid one, which
 * the planner cannot use), and its order operator resolves (a DBA may have created the extension
 * in a schema off the path).
 */
export async function searchText(
  m: EntityManager,
  text: string,
  register: DatedRegister,
  ranked: boolean,
): Promise<SearchText> {
  const [row]: {
    query: string | null;
    exact: string[] | null;
    matches: string | null;
    shortest: string | null;
    rows: number | null;
  }[] = await m.query(
    `SELECT q::text AS query, ${EXACT_WORDS_SQL} AS exact, e.matches, e.shortest_list AS shortest, t.reltuples AS rows
       FROM leerlus_search_query($1) AS q
       LEFT JOIN (pg_index x JOIN pg_class t ON t.oid = x.indrelid)
         ON x.indexrelid = to_regclass($2) AND x.indisvalid AND q IS NOT NULL AND $3
            AND to_regoperator('<=|(timestamptz, timestamptz)') IS NOT NULL
       LEFT JOIN LATERAL leerlus_search_estimate(t.oid::regclass, CASE WHEN t.oid IS NOT NULL THEN q END) AS e ON TRUE`,
    [text, `${register}_search_dated_idx`, ranked],
  );
  const wordIndex =
    row.rows !== null &&
    readsNewestFromWordIndex({
      matches: Number(row.matches),
      shortestList: Number(row.shortest),
      rows: row.rows,
    });
  return { query: row.query, exact: row.exact, wordIndex };
}
