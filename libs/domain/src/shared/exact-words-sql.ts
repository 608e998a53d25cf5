/**
 * SQL for the words of search text `$1` as a tsquery text that matches any of them as they are
 * (`'bod' | 'fiet'`), without the prefixes leerlus_search_query spells out. Ranked by as well, a
 * record that holds a word itself comes before one that holds only a longer word it begins: for
 * "bode", "Fiets van bode" before "Bodemverontreiniging". Null when only stop words are left.
 */
export const EXACT_WORDS_SQL = `(SELECT string_agg(quote_literal(replace(w, chr(92), '')), ' | ')
   FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', leerlus_search_words($1)))) AS w)`;
