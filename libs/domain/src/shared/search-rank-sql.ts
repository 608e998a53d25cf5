/**
 * The relevance of a search match on `alias` (parameters `search` and `exact`, as searchText or
 * dutchSearchQuery give them): its rank for the search query, which weighs a word in the title
 * above one in the description, doubled when it holds a word as typed (EXACT_WORDS_SQL). A
 * multiple, not a sum: ts_rank divides by the words of an OR query, so a prefix spelled out as
 * many words ranks low everywhere, and an added rank of the word alone would outweigh the title.
 */
export function searchRankSql(alias: string): string {
  return `ts_rank(${alias}.search, CAST(:search AS tsquery))
    * CASE WHEN ${alias}.search @@ CAST(:exact AS tsquery) THEN 2 ELSE 1 END`;
}
