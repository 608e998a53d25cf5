/**
 * SQL for the words of search text `$1` as they are, each a tsquery text (`{'bod','fiet'}`, as an
 * array), without the prefixes leerlus_search_query spells out. Ranked by as well (searchRankSql),
 * a record that holds a word itself comes before one that holds only a longer word it begins: for
 * "bode", "Fiets van bode" before "Bodemverontreiniging". Empty when only stop words are left.
 */
export const EXACT_WORDS_SQL = `ARRAY(SELECT quote_literal(replace(w, chr(92), ''))
   FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', leerlus_search_words($1)))) AS w)`;
