import { EntityManager } from 'typeorm';
import { EXACT_WORDS_SQL } from './exact-words-sql';

/**
 * A search text as the tsquery the registers match against (Dutch word forms, accents ignored,
 * prefixes spelled out from the search lexicon), worked out once before the search itself, with
 * its words as typed for ranking (`exact`, see searchRankSql). `leerlus_search_query` reads the
 * lexicon, so it is STABLE: left inside the search statement it would run again for every
 * candidate row that is rechecked or ranked. Use the result as `CAST(:search AS tsquery)`; null
 * (only stop words) matches nothing.
 */
export async function dutchSearchQuery(
  m: EntityManager,
  text: string,
): Promise<{ query: string | null; exact: string[] | null }> {
  const [row]: { query: string | null; exact: string[] | null }[] = await m.query(
    `SELECT leerlus_search_query($1)::text AS query, ${EXACT_WORDS_SQL} AS exact`,
    [text],
  );
  return row;
}
