import { MigrationInterface, QueryRunner } from 'typeorm';
import { NUMBER_PARTS_SEARCH_QUERY } from './1764890000000-search-number-parts';

const FOUR_LETTER_STEMS = "lexeme ~ '^[a-z]{4,}es$'";

/** The search-query function as this migration leaves it (migration 1764940000000 builds on it). */
export const SHORT_PLURALS_SEARCH_QUERY = NUMBER_PARTS_SEARCH_QUERY.replace(
  FOUR_LETTER_STEMS,
  () => "lexeme ~ '^[a-z]{3,}es$'",
);

/**
 * Plurals in -es of short words find their singular too: "kades", "zones", "types", "bodes" and
 * (accents ignored) "cafés" found nothing of "Kade", "Zone", "Type", "bode" or "café", as the
 * singular was tried only before four letters and -es. Three will do: the singular's stem is
 * matched exactly, never as a prefix (migration 1764880000000).
 */
export class SearchShortPlurals1764900000000 implements MigrationInterface {
  name = 'SearchShortPlurals1764900000000';

  async up(q: QueryRunner): Promise<void> {
    if (!NUMBER_PARTS_SEARCH_QUERY.includes(FOUR_LETTER_STEMS)) throw new Error('search function changed');
    await q.query(SHORT_PLURALS_SEARCH_QUERY);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(NUMBER_PARTS_SEARCH_QUERY);
  }
}
