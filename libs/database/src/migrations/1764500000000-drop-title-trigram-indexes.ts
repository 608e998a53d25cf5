import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES = [
  ['incidents_title_trgm_gist_idx', 'incidents'],
  ['learned_incidents_title_trgm_gist_idx', 'learned_incidents'],
];

/**
 * The GiST trigram indexes over titles served only the similarity checks' nearest-title walks,
 * which now start from the words of a title (learned_incident_words, and a search over all
 * incidents; migration 1764490000000). Nothing orders by title distance any more: the indexes only
 * cost space (230 MB at a million incidents) and work on every incident written.
 *
 * Dropped CONCURRENTLY (outside a transaction), so a live register keeps taking reports; down()
 * builds them plainly, as a rollback may run inside one. Upgrading replicas one at a time: the
 * first new api drops the indexes while older apis may still order by title distance (slow, not
 * wrong) until they are replaced.
 */
export class DropTitleTrigramIndexes1764500000000 implements MigrationInterface {
  name = 'DropTitleTrigramIndexes1764500000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // DROP INDEX CONCURRENTLY waits for every open transaction on the table; not for 30 s only.
    await q.query(`SET statement_timeout = 0`);
    for (const [index] of INDEXES) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
    await q.query(`RESET statement_timeout`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Building over a million rows takes longer than the pool's statement timeout.
    await q.query(`SET statement_timeout = 0`);
    for (const [index, table] of INDEXES) {
      await q.query(
        `CREATE INDEX IF NOT EXISTS ${index}
         ON ${table} USING gist (leerlus_unaccent(lower(title)) gist_trgm_ops (siglen = 64))`,
      );
    }
    await q.query(`RESET statement_timeout`);
  }
}
