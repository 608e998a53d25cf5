import { MigrationInterface, QueryRunner } from 'typeorm';
import { SINGULAR_STEMS_SEARCH_QUERY } from './1764940000000-search-singular-stems';

/**
 * A diminutive finds its word: "briefjes" finds "brief", "kluisjes" "kluis", "zegeltje" "zegel",
 * "bloempje" "bloem", "plannetje" "plan", "autootje" "auto", and "briefjes" finds "briefje". The
 * Dutch stemmer leaves diminutives as they are (`briefj`, `briefjes`), and the shortened stem
 * (`briefje:*`) reaches neither. Which ending was added ("kaart-je" or "deur-tje", "lamp-je" or
 * "bloem-pje", "ring-etje" or "plan-netje") cannot be told from the word, so every cut is matched,
 * exactly: "kaartje" finds "kaart" and also "kar" (`kaar`). Which of them the register holds does
 * not decide: the lexicon is every organisation's, and confidential words are in it, so a search's
 * results would have told whether a word was written anywhere.
 *
 * The whole function, written out again: the earlier migrations made it by replacing parts of the
 * text before them, which a further change could no longer follow. Each search word is its
 * prefix (or itself, when exact), or one of its `alternatives`: the singular's stem where the
 * stemmer makes it shorter (1764940000000) and the diminutive's bases.
 */
const DIMINUTIVES_SEARCH_QUERY = `
      CREATE OR REPLACE FUNCTION leerlus_search_query(text) RETURNS tsquery
      LANGUAGE sql STABLE PARALLEL SAFE STRICT
      AS $$
        SELECT string_agg(
          CASE WHEN cardinality(alternatives) > 0 THEN '(' ELSE '' END ||
          CASE
            WHEN exact AND lexeme ~ '^[0-9]+([.,][0-9]+)*$'
              THEN '(' || quote_literal(lexeme) || ' | ' || quote_literal('-' || lexeme) || ')'
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
          (SELECT coalesce(string_agg(' | ' || quote_literal(alternative), '' ORDER BY alternative), '')
           FROM unnest(alternatives) AS alternative) ||
          CASE WHEN cardinality(alternatives) > 0 THEN ')' ELSE '' END,
          ' & ' ORDER BY position)::tsquery
        FROM (
          SELECT lexeme, position, exact, prefix, ARRAY(
                   SELECT singular.stem
                   FROM (SELECT s AS stem FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent',
                           CASE WHEN lexeme ~ '^[a-z]{3,}es$' THEN left(lexeme, -1) ELSE lexeme END))) AS s
                         LIMIT 1) AS singular
                   WHERE lexeme ~ '^[a-z]{3,}$' AND singular.stem <> lexeme
                   UNION
                   SELECT base.stem
                   FROM (VALUES ('$', ''), ('j$', ''), ('tj$', ''), ('mpj$', 'm'), ('etj$', ''),
                                ('([^aeiou])\\1etj$', '\\1'), ('([aeiou])\\1tj$', '\\1')) AS ending (pattern, replacement),
                        LATERAL (SELECT regexp_replace(regexp_replace(lexeme, 'jes$', 'j'), ending.pattern, ending.replacement)
                                 AS word) AS cut,
                        LATERAL (SELECT s AS stem FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', cut.word))) AS s
                                 LIMIT 1) AS base
                   WHERE lexeme ~ '^[a-z]{3,}(j|jes)$' AND base.stem <> lexeme
                 ) AS alternatives
          FROM (
            SELECT replace(lexeme, chr(92), '') AS lexeme, position,
                   lexeme ~ '^-?[0-9]+([.,][0-9]+)*$' OR length(lexeme) < 2 AS exact,
                   CASE WHEN length(lexeme) >= 5 THEN left(lexeme, length(lexeme) - 1) ELSE lexeme END AS prefix
            FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', leerlus_search_words($1)))) WITH ORDINALITY AS words (lexeme, position)
            WHERE lexeme <> 's'
          ) AS stems
        ) AS words
      $$`;

export class SearchDiminutives1764970000000 implements MigrationInterface {
  name = 'SearchDiminutives1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(DIMINUTIVES_SEARCH_QUERY);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(SINGULAR_STEMS_SEARCH_QUERY);
  }
}
