/**
 * The relevance of a search match on `alias` (parameters `search` and `exact`, as searchText or
 * dutchSearchQuery give them): its rank for the search query, which weighs a word in the title
 * above one in the description, raised by the share of the words it holds as typed
 * (EXACT_WORDS_SQL), up to double when it holds them all. A multiple, not a sum: ts_rank divides
 * by the words of an OR query, so a prefix spelled out as many words ranks low everywhere, and an
 * added rank of the word alone would outweigh the title.
 */
export function searchRankSql(alias: string): string {
  // tsquery[]: each word is parsed once per statement, not once per ranked row.
  return `ts_rank(${alias}.search, CAST(:search AS tsquery))
    * (1 + (SELECT count(*) FROM unnest(CAST(:exact AS tsquery[])) AS word WHERE ${alias}.search @@ word)::real
         / greatest(cardinality(CAST(:exact AS tsquery[])), 1))`;
}
