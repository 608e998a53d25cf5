import { MigrationInterface, QueryRunner } from 'typeorm';

/** What makes an incident learned, for a lesson row under alias `l` (as LessonStatus says). */
const COUNTS = (l: string) => `${l}.source_type = 'incident' AND ${l}.status IN ('validated', 'embedded')`;
const LEARNED = (incident: string) => `EXISTS (SELECT 1 FROM lessons l WHERE l.source_type = 'incident'
  AND l.source_id = ${incident} AND l.status IN ('validated', 'embedded'))`;

/**
 * `incidents.learned`: whether a validated or embedded lesson is drawn from the incident, and a
 * GiST trigram index over the titles of learned incidents only.
 *
 * The recurrence check on create takes the 20 learned incidents with the nearest titles. Through
 * the index over all titles, the walk also visited the four out of five incidents without such a
 * lesson, and for a long title it visited most of the index's 230 MB (over a second at a million
 * incidents; bench/README.md has the figures). The partial index holds only the candidates.
 *
 * Triggers keep the flag exact: a lesson that starts or stops counting (its status, its source,
 * inserted, deleted) has its incident recounted, and an incident loaded after its lessons is
 * recounted too. Like the report rollups they are statement triggers that fire also under
 * session_replication_role = replica (ENABLE ALWAYS), so bulk loaders cannot make the flag drift.
 * The column is not in the entity: only these triggers write it.
 *
 * Not in a transaction: the index is built CONCURRENTLY, after the column, triggers and backfill
 * are committed in one transaction of their own.
 */
export class LearnedIncidents1764480000000 implements MigrationInterface {
  name = 'LearnedIncidents1764480000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET statement_timeout = 0`);
    // On its own: adding the column locks out readers too, but only for an instant.
    await q.query(`ALTER TABLE incidents ADD COLUMN IF NOT EXISTS learned boolean NOT NULL DEFAULT false`);
    await q.query(`COMMENT ON COLUMN incidents.learned IS
      'A validated or embedded lesson is drawn from this incident. Kept by triggers on lessons; do not write.'`);
    await q.startTransaction();
    try {
      // Lesson writers wait for the backfill, so no change slips between the count and the triggers.
      await q.query(`LOCK TABLE lessons IN SHARE ROW EXCLUSIVE MODE`);

      // Recounts these incidents. They are locked first, so two transactions changing lessons of
      // one incident take turns and the recount (a new snapshot in read committed) sees what the
      // other committed. The write is unconditional, so at a stricter isolation level a concurrent
      // change of the same incident is a serialization failure rather than a stale flag.
      await q.query(`
        CREATE OR REPLACE FUNCTION leerlus_recount_learned(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
          PERFORM 1 FROM incidents i WHERE i.id = ANY (ids) ORDER BY i.id FOR NO KEY UPDATE;
          UPDATE incidents i SET learned = ${LEARNED('i.id')} WHERE i.id = ANY (ids);
        END $$`);
      const trigger = (name: string, body: string) => `
        CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${body}
          RETURN NULL;
        END $$`;
      const counted = (rows: string) =>
        `ARRAY(SELECT source_id FROM ${rows} l WHERE ${COUNTS('l')} GROUP BY 1)`;
      await q.query(
        trigger('leerlus_lessons_learned_insert', `PERFORM leerlus_recount_learned(${counted('new_rows')});`),
      );
      // The incidents a lesson counted for before and after, where those differ: validating,
      // retiring, moving to another source. Embedding a validated lesson changes nothing.
      await q.query(
        trigger(
          'leerlus_lessons_learned_update',
          `PERFORM leerlus_recount_learned(ARRAY(
            SELECT s.id FROM old_rows o JOIN new_rows n ON n.id = o.id
            CROSS JOIN LATERAL (VALUES (CASE WHEN ${COUNTS('o')} THEN o.source_id END),
                                       (CASE WHEN ${COUNTS('n')} THEN n.source_id END)) AS s(id)
            WHERE s.id IS NOT NULL
              AND (CASE WHEN ${COUNTS('o')} THEN o.source_id END) IS DISTINCT FROM (CASE WHEN ${COUNTS('n')} THEN n.source_id END)
            GROUP BY 1));`,
        ),
      );
      await q.query(
        trigger('leerlus_lessons_learned_delete', `PERFORM leerlus_recount_learned(${counted('old_rows')});`),
      );
      await q.query(
        trigger('leerlus_lessons_learned_truncate', `UPDATE incidents SET learned = false WHERE learned;`),
      );
      // An incident (re)loaded after its lessons, or inserted with the flag set by hand.
      await q.query(
        trigger(
          'leerlus_incidents_learned_insert',
          `UPDATE incidents i SET learned = NOT i.learned FROM new_rows n
          WHERE i.id = n.id AND n.learned <> ${LEARNED('n.id')};`,
        ),
      );
      const triggers = [
        ['lessons_learned_insert', 'lessons', 'INSERT', 'REFERENCING NEW TABLE AS new_rows'],
        [
          'lessons_learned_update',
          'lessons',
          'UPDATE',
          'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
        ],
        ['lessons_learned_delete', 'lessons', 'DELETE', 'REFERENCING OLD TABLE AS old_rows'],
        ['lessons_learned_truncate', 'lessons', 'TRUNCATE', ''],
        ['incidents_learned_insert', 'incidents', 'INSERT', 'REFERENCING NEW TABLE AS new_rows'],
      ];
      for (const [name, table, event, referencing] of triggers) {
        await q.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
        await q.query(
          `CREATE TRIGGER ${name} AFTER ${event} ON ${table} ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION leerlus_${name}()`,
        );
        await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
      }

      // The backfill, as one hashed set of learned incidents instead of a probe per incident.
      await q.query(`SET LOCAL work_mem = '256MB'`);
      await q.query(`UPDATE incidents i SET learned = NOT i.learned
        WHERE i.learned <> (i.id IN (SELECT l.source_id FROM lessons l WHERE ${COUNTS('l')}))`);
      await q.commitTransaction();
    } catch (error) {
      await q.rollbackTransaction();
      throw error;
    }
    await q.query(`ANALYZE incidents (learned)`);

    // An interrupted concurrent build leaves an invalid index behind; start clean.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS incidents_learned_title_trgm_gist_idx`);
    // The expression and signature length of incidents_title_trgm_gist_idx, which similarity
    // without the lessons condition still uses.
    await q.query(
      `CREATE INDEX CONCURRENTLY incidents_learned_title_trgm_gist_idx
       ON incidents USING gist (leerlus_unaccent(lower(title)) gist_trgm_ops (siglen = 64)) WHERE learned`,
    );
    await q.query(`RESET statement_timeout`);
  }

  // Plain (locking) statements: a revert is rare, and TypeORM's undo may run it inside a transaction.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incidents_learned_title_trgm_gist_idx`);
    for (const [name, table] of [
      ['incidents_learned_insert', 'incidents'],
      ['lessons_learned_truncate', 'lessons'],
      ['lessons_learned_delete', 'lessons'],
      ['lessons_learned_update', 'lessons'],
      ['lessons_learned_insert', 'lessons'],
    ]) {
      await q.query(`DROP TRIGGER ${name} ON ${table}`);
      await q.query(`DROP FUNCTION leerlus_${name}`);
    }
    await q.query(`DROP FUNCTION leerlus_recount_learned`);
    await q.query(`ALTER TABLE incidents DROP COLUMN learned`);
  }
}
