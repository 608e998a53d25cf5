import { MigrationInterface, QueryRunner } from 'typeorm';

// The search-query function as the register migration made it, for down().
const PREFIX_EVERY_LEXEME = `
  CREATE OR REPLACE FUNCTION leerlus_search_query(text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT to_tsquery('simple', string_agg(
      quote_literal(CASE WHEN length(lexeme) >= 5 THEN left(lexeme, length(lexeme) - 1) ELSE lexeme END) || ':*',
      ' & '))
    FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', $1))) AS lexeme
  $$`;

/**
 * What the incident list, search and recurrence check need at a million incidents (measured with
 * EXPLAIN ANALYZE on the benchmark database; bench/README.md has the figures):
 *
 * - the filter combination the register is worked from (chain, status, severity) in one index
 *   with the organisation in front and the default order behind, so a page and its (bounded)
 *   count read a few hundred index entries instead of intersecting two large bitmaps;
 * - title similarity through a GiST trigram index instead of GIN: GiST returns the nearest titles
 *   first (`<->`), so the recurrence check on create can stop after the closest candidates. A GIN
 *   `%` scan has to collect every title sharing enough trigrams first, which for a formulaic
 *   Dutch title ("Vertraging in de uitbetaling van …") is a third of the table and takes seconds;
 * - numbers and single letters in a search query match exactly instead of as a prefix: a case
 *   number `Z-2024-0063008` found `Z-2024-0063001` … `0063009` too, and the prefix `z:*` made
 *   the index collect every word starting with z. Words still match as a prefix, so "fiets" and
 *   "fietsen" keep finding each other.
 *
 * Indexes are built CONCURRENTLY (outside a transaction) so a live register keeps taking reports.
 */
export class IncidentSearchIndexes1764450000000 implements MigrationInterface {
  name = 'IncidentSearchIndexes1764450000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // Building over a million rows takes longer than the pool's statement timeout.
    await q.query(`SET statement_timeout = 0`);
    // An interrupted concurrent build leaves an invalid index behind; start clean.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS incidents_org_chain_status_severity_idx`);
    await q.query(
      `CREATE INDEX CONCURRENTLY incidents_org_chain_status_severity_idx
       ON incidents (organisation_id, chain_id, status, severity, reported_at DESC, id)`,
    );
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS incidents_title_trgm_gist_idx`);
    // 64-byte signatures: a 96-bit default signature is saturated by a title's ~40 trigrams.
    await q.query(
      `CREATE INDEX CONCURRENTLY incidents_title_trgm_gist_idx
       ON incidents USING gist (leerlus_unaccent(lower(title)) gist_trgm_ops (siglen = 64))`,
    );
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS incidents_title_trgm_idx`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_search_query(text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        SELECT to_tsquery('simple', string_agg(
          CASE
            WHEN lexeme ~ '^-?[0-9]+([.,][0-9]+)*$' OR length(lexeme) < 2 THEN quote_literal(lexeme)
            WHEN length(lexeme) >= 5 THEN quote_literal(left(lexeme, length(lexeme) - 1)) || ':*'
            ELSE quote_literal(lexeme) || ':*'
          END,
          ' & '))
        FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', $1))) AS lexeme
      $$`);
    await q.query(`RESET statement_timeout`);
  }

  // Plain (locking) statements: a revert is rare, and TypeORM's undo may run it inside a transaction.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET statement_timeout = 0`);
    await q.query(PREFIX_EVERY_LEXEME);
    await q.query(
      `CREATE INDEX IF NOT EXISTS incidents_title_trgm_idx
       ON incidents USING gin (leerlus_unaccent(lower(title)) gin_trgm_ops)`,
    );
    await q.query(`DROP INDEX IF EXISTS incidents_title_trgm_gist_idx`);
    await q.query(`DROP INDEX IF EXISTS incidents_org_chain_status_severity_idx`);
    await q.query(`RESET statement_timeout`);
  }
}
