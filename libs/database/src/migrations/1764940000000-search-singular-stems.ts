import { MigrationInterface, QueryRunner } from 'typeorm';
import { SHORT_PLURALS_SEARCH_QUERY } from './1764900000000-search-short-plurals';

const SINGULAR_OF_ES_PLURALS = `CASE WHEN lexeme ~ '^[a-z]{3,}es$' THEN nullif(
                   (SELECT s FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', left(lexeme, -1)))) AS s LIMIT 1),
                   lexeme) END AS singular`;

const SINGULAR_STEMS = `CASE WHEN lexeme ~ '^[a-z]{3,}$' THEN nullif(
                   (SELECT s FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent',
                      CASE WHEN lexeme ~ '^[a-z]{3,}es$' THEN left(lexeme, -1) ELSE lexeme END))) AS s LIMIT 1),
                   lexeme) END AS singular`;

/** The search-query function as this migration leaves it (migration 1764970000000 replaces it). */
export const SINGULAR_STEMS_SEARCH_QUERY = SHORT_PLURALS_SEARCH_QUERY.replace(
  SINGULAR_OF_ES_PLURALS,
  () => SINGULAR_STEMS,
);

/**
 * Plurals find their singular whose stem the Dutch stemmer makes shorter than the plural's: it stems
 * "examens" to `examen` but "examen" to `exam`, "artsen" to `arts` but "arts" to `art`, and so
 * "examens", "artsen", "wapens", "tekens", "keukens", "ketens", "redenen" and "lessen" found none of
 * "Examen", "Arts", "Wapen", "Teken", "Keuken", "Keten", "Reden" or "Les" (the shortened stem
 * `exame:*` does not reach `exam`). A word's stem stemmed once more is the singular's stem in these
 * cases, and the same stem otherwise (`fiet`, `storing`, `toeslag`); where it differs, it is matched
 * too, exactly, as the singular of a plural in -es was (migration 1764880000000).
 */
export class SearchSingularStems1764940000000 implements MigrationInterface {
  name = 'SearchSingularStems1764940000000';

  async up(q: QueryRunner): Promise<void> {
    if (!SHORT_PLURALS_SEARCH_QUERY.includes(SINGULAR_OF_ES_PLURALS))
      throw new Error('search function changed');
    await q.query(SINGULAR_STEMS_SEARCH_QUERY);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(SHORT_PLURALS_SEARCH_QUERY);
  }
}
