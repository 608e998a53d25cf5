import { MigrationInterface, QueryRunner } from 'typeorm';
import { PLURALS_SEARCH_QUERY } from './1764880000000-search-plurals-in-s';

const EXACT = 'WHEN exact THEN quote_literal(lexeme)';

/** The search-query function as this migration leaves it (migration 1764900000000 builds on it). */
export const NUMBER_PARTS_SEARCH_QUERY = PLURALS_SEARCH_QUERY.replace(
  EXACT,
  () =>
    `WHEN exact AND lexeme ~ '^[0-9]+([.,][0-9]+)*$'
              THEN '(' || quote_literal(lexeme) || ' | ' || quote_literal('-' || lexeme) || ')'
            ${EXACT}`,
);

/**
 * A number in a search also finds it as a part of a case number or date: the parser reads
 * "Z-2024-0063008" as `z`, `-2024` and `-0063008` (the hyphen as a minus sign), so "0063008" or
 * "2024" found nothing. A number now matches itself or itself after a hyphen, exactly as before
 * (not as the prefix of a longer number): `'0063008' | '-0063008'`.
 */
export class SearchNumberParts1764890000000 implements MigrationInterface {
  name = 'SearchNumberParts1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(NUMBER_PARTS_SEARCH_QUERY);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(PLURALS_SEARCH_QUERY);
  }
}
