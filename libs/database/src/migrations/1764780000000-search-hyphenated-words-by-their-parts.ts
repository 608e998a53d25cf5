import { MigrationInterface, QueryRunner } from 'typeorm';
import { LEXICON_SEARCH_QUERY } from './1764470000000-search-lexicon';

/** The word splitter as this migration makes it (migration 1764960000000 replaces it). */
export const SEARCH_WORDS = `
      CREATE FUNCTION leerlus_search_words(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        SELECT CASE WHEN numnode(plainto_tsquery('dutch_unaccent', split)) > 0 THEN split ELSE $1 END
        FROM (SELECT string_agg(
                CASE WHEN word ~ '[^-]-[^-]' AND word !~ '[[:digit:].@/:\\\\]' THEN replace(word, '-', ' ')
                     ELSE word END, ' ' ORDER BY n) AS split
              FROM regexp_split_to_table($1, '\\s+') WITH ORDINALITY AS words (word, n)) AS words
      $$`;

const WHOLE_TEXT = "to_tsvector('dutch_unaccent', $1)";

/**
 * A hyphenated word in a search ("DigiD-storing", "zorg-toeslag") is searched by its parts, so it
 * finds "storing bij DigiD" and "zorg toeslag vertraagd" as well as "DigiD-storing" (not the
 * parts written as one word, "zorgtoeslag": a part is a prefix of a word, not a middle): Dutch writes
 * such words with and without the hyphen, and the index holds the parts of every hyphenated word
 * (the whole word too, stemmed as one, which only the same spelling matched). Only words of
 * letters: a case number ("Z-2024-0063008"), a host or an address keeps its hyphen. A text whose
 * parts are all stop words ("van-der") is searched as it was.
 */
export class SearchHyphenatedWordsByTheirParts1764780000000 implements MigrationInterface {
  name = 'SearchHyphenatedWordsByTheirParts1764780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(SEARCH_WORDS);
    await q.query(
      // A function, so the $1 of the SQL is not read as a replacement pattern.
      LEXICON_SEARCH_QUERY.replace(
        WHOLE_TEXT,
        () => "to_tsvector('dutch_unaccent', leerlus_search_words($1))",
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(LEXICON_SEARCH_QUERY);
    await q.query(`DROP FUNCTION leerlus_search_words(text)`);
  }
}
