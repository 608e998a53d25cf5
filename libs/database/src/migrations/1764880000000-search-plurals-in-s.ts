import { MigrationInterface, QueryRunner } from 'typeorm';
import { LEXICON_SEARCH_QUERY } from './1764470000000-search-lexicon';

/** The search-query function as migration 1764780000000 left it, for down(). */
const HYPHENATED_WORDS_QUERY = LEXICON_SEARCH_QUERY.replace(
  "to_tsvector('dutch_unaccent', $1)",
  () => "to_tsvector('dutch_unaccent', leerlus_search_words($1))",
);

/** The search-query function as this migration leaves it (migration 1764890000000 builds on it). */
export const PLURALS_SEARCH_QUERY = `      CREATE OR REPLACE FUNCTION leerlus_search_query(text) RETURNS tsquery
      LANGUAGE sql STABLE PARALLEL SAFE STRICT
      AS $$
        SELECT string_agg(
          CASE WHEN singular IS NOT NULL THEN '(' ELSE '' END ||
          CASE
            WHEN exact THEN quote_literal(lexeme)
            ELSE coalesce(
              (SELECT '(' || string_agg(quote_literal(replace(word, chr(92), '')), ' | ') || ')'
               FROM (SELECT l.lexeme AS word FROM search_lexemes l
                     WHERE l.lexeme >= prefix AND l.lexeme < prefix || chr(1114111)
                     UNION
                     SELECT a.lexeme FROM search_lexeme_additions a
                     WHERE a.lexeme >= prefix AND a.lexeme < prefix || chr(1114111)
                     ORDER BY word LIMIT 65) AS spelled
               HAVING count(*) BETWEEN 1 AND 64),
              quote_literal(prefix) || ':*')
          END ||
          CASE WHEN singular IS NOT NULL THEN ' | ' || quote_literal(singular) || ')' ELSE '' END,
          ' & ' ORDER BY position)::tsquery
        FROM (
          SELECT lexeme, position, exact, prefix,
                 CASE WHEN lexeme ~ '^[a-z]{4,}es$' THEN nullif(
                   (SELECT s FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', left(lexeme, -1)))) AS s LIMIT 1),
                   lexeme) END AS singular
          FROM (
            SELECT replace(lexeme, chr(92), '') AS lexeme, position,
                   lexeme ~ '^-?[0-9]+([.,][0-9]+)*$' OR length(lexeme) < 2 AS exact,
                   CASE WHEN length(lexeme) >= 5 THEN left(lexeme, length(lexeme) - 1) ELSE lexeme END AS prefix
            FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', leerlus_search_words($1)))) WITH ORDINALITY AS words (lexeme, position)
            WHERE lexeme <> 's'
          ) AS stems
        ) AS words
      $$`;

/**
 * Plurals in -s of Dutch words that end in a vowel find their singular: the Dutch stemmer keeps the
 * s after a vowel ("boetes" stays `boetes`, "boete" is `boet`), so the shortened stem `boete:*`
 * never met `boet`, and "boetes", "procedures", "websites" and "gemeentes" found none of "Boete",
 * "Procedure", "Website" or "Gemeente". A word ending in -es now also matches the stem of the word
 * without its s, exactly (`boete:* | boet`: not as a prefix, so "proces" does not widen to every
 * word in `proc`). And the s of an apostrophe plural ("thema's", "agenda's") is not searched: the
 * parser splits it off as a word of its own, which no text holds, so nothing matched.
 */
export class SearchPluralsInS1764880000000 implements MigrationInterface {
  name = 'SearchPluralsInS1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(PLURALS_SEARCH_QUERY);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(HYPHENATED_WORDS_QUERY);
  }
}
