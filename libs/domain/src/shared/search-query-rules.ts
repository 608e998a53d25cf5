/** How a `q` search reads its words, for the OpenAPI description of every list that takes one. */
export const SEARCH_QUERY_RULES =
  'Every word must match, in any of its forms ("fietsen" finds "fiets"; accents do not matter). ' +
  'There are no operators: OR and quoted phrases are read as words, a leading "-" is ignored. ' +
  'A query of only common words (de, het, een) finds nothing.';
