import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incident indexes that lists count through: their keys, unchanged, and what a member's
 * confidentiality rule reads besides (ConfidentialityFilter.incidents: confidentiality, reporter,
 * chain).
 */
const COUNTED: [name: string, keys: string, visibility: string][] = [
  [
    'incidents_org_reported_idx',
    '(organisation_id, reported_at DESC, id)',
    '(confidentiality, reported_by_id, chain_id)',
  ],
  [
    'incidents_org_status_idx',
    '(organisation_id, status, reported_at DESC)',
    '(confidentiality, reported_by_id, chain_id)',
  ],
  [
    'incidents_org_severity_idx',
    '(organisation_id, severity, reported_at DESC)',
    '(confidentiality, reported_by_id, chain_id)',
  ],
  [
    'incidents_org_chain_status_severity_idx',
    '(organisation_id, chain_id, status, severity, reported_at DESC, id)',
    '(confidentiality, reported_by_id)',
  ],
];

/** The tables whose lists count from their indexes (here and in migration 1764570000000). */
const COUNTED_TABLES = ['incidents', 'lessons'];

/**
 * A member's incident list counts its total (up to 10,000) under the confidentiality rule, which
 * reads three columns the indexes did not hold: each counted incident was read from the table
 * (10,000 rows on as many pages: 80 ms at a million incidents for `status=analysing`, against 2 ms
 * for a lead, whose count reads the index alone). The indexes lists count through now carry those
 * columns, so a member's count reads the index too (4 ms).
 *
 * An index-only scan still reads the table for pages the visibility map does not mark all-visible,
 * and those are the newest, which a list counts first. Autovacuum marks them, but on an
 * insert-mostly table only after a fifth of it is new (200,000 incidents at a million): so incidents
 * and lessons are vacuumed after every 5,000 new rows. Such a vacuum reads only the pages not yet
 * marked, and merges the GIN indexes' pending lists on the way.
 *
 * Each index is built anew CONCURRENTLY beside the old one, which is then dropped, so lists stay
 * fast and the register keeps taking reports meanwhile.
 */
export class VisibilityInIncidentIndexes1764580000000 implements MigrationInterface {
  name = 'VisibilityInIncidentIndexes1764580000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // Building over a million rows takes longer than the pool's statement timeout.
    await q.query(`SET statement_timeout = 0`);
    for (const [name, keys, visibility] of COUNTED) {
      // An interrupted build leaves an invalid index behind; start clean.
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}_next`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name}_next ON incidents ${keys} INCLUDE ${visibility}`);
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await q.query(`ALTER INDEX ${name}_next RENAME TO ${name}`);
    }
    await q.query(`RESET statement_timeout`);
    for (const table of COUNTED_TABLES)
      await q.query(
        `ALTER TABLE ${table} SET (autovacuum_vacuum_insert_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0)`,
      );
  }

  // Run in a transaction by the revert (as the other down migrations): no CONCURRENTLY.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    for (const table of COUNTED_TABLES)
      await q.query(
        `ALTER TABLE ${table} RESET (autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor)`,
      );
    for (const [name, keys] of COUNTED) {
      await q.query(`DROP INDEX ${name}`);
      await q.query(`CREATE INDEX ${name} ON incidents ${keys}`);
    }
  }
}
