import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a lesson's incident, of this confidentiality, hides it: confidential, or not there (NULL). */
const HIDES = (confidentiality: string) => `coalesce(${confidentiality} = 'confidential', true)`;

/**
 * `lessons.source_confidential`: true when the lesson was drawn from an incident that is
 * confidential (or that no longer exists). Only for those lessons does a member's list need to look
 * at the incident (ConfidentialityFilter.lessons). Without the flag, every lesson of a member's list
 * or total was checked against its incident: at a million incidents (250,000 lessons in the
 * organisation) a member's first page of lessons took 1.1 s, and in title order 2.8 s.
 *
 * The flag may be true where the incident is internal (a lesson loaded before its incident): the
 * incident is then checked, which costs time and hides nothing. It is never false where the
 * incident is confidential or missing, which is what keeps a hidden lesson hidden:
 * - a lesson's trigger reads its incident when it is inserted or given another source, and locks
 *   it, so a concurrent change of the incident's confidentiality waits for the lesson or the lesson
 *   for it, and then reads its outcome. The lock is FOR NO KEY UPDATE, the one the report and
 *   learned-incident triggers take on the same row later in the statement: a weaker one first
 *   would let two lessons of one incident deadlock, each waiting to strengthen its lock;
 * - an incident made confidential or internal sets its lessons' flag; a deleted one sets it. Only
 *   in read committed does that update see a lesson committed while the incident waited: a
 *   stricter writer that would hide lessons is refused.
 * Like the other triggers of these tables they fire also under session_replication_role = replica
 * (ENABLE ALWAYS), so bulk loaders cannot make it drift.
 */
export class LessonSourceConfidential1764560000000 implements MigrationInterface {
  name = 'LessonSourceConfidential1764560000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // Adding a column with a constant default rewrites nothing, but holds ACCESS EXCLUSIVE (every
    // lesson read waits): in a transaction of its own, not through the backfill.
    await q.query(
      `ALTER TABLE lessons ADD COLUMN IF NOT EXISTS source_confidential boolean NOT NULL DEFAULT false`,
    );
    await q.startTransaction();
    try {
      await this.triggersAndBackfill(q);
      await q.commitTransaction();
    } catch (error) {
      await q.rollbackTransaction();
      throw error;
    }
    // The planner needs to know how rare the flag is, or it guesses half the lessons.
    await q.query(`ANALYZE lessons`);
  }

  private async triggersAndBackfill(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    // Writers of both wait for the backfill, so no change slips between it and the triggers
    // (readers do not).
    await q.query(`LOCK TABLE lessons, incidents IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_require_read_committed(hides boolean) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF hides AND current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'hiding an incident''s lessons needs read committed isolation'
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'a stricter snapshot would miss lessons drawn meanwhile, and leave them shown';
        END IF;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_lesson_source_confidential() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        source_confidentiality text;
      BEGIN
        IF NEW.source_type <> 'incident' THEN
          NEW.source_confidential := false;
          RETURN NEW;
        END IF;
        SELECT i.confidentiality INTO source_confidentiality FROM incidents i WHERE i.id = NEW.source_id
        FOR NO KEY UPDATE;
        NEW.source_confidential := ${HIDES('source_confidentiality')};
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_incident_lessons_confidential() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        hides boolean := TG_OP = 'DELETE' OR ${HIDES('NEW.confidentiality')};
        incident_id uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
      BEGIN
        PERFORM leerlus_require_read_committed(hides);
        UPDATE lessons l SET source_confidential = hides
        WHERE l.source_type = 'incident' AND l.source_id = incident_id AND l.source_confidential <> hides;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_incidents_truncated_lessons_confidential() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM leerlus_require_read_committed(true);
        UPDATE lessons SET source_confidential = true WHERE source_type = 'incident' AND NOT source_confidential;
        RETURN NULL;
      END $$`);
    const triggers = [
      [
        'lessons_source_confidential',
        'lessons',
        'BEFORE INSERT OR UPDATE OF source_type, source_id',
        'FOR EACH ROW',
        'lesson_source_confidential',
      ],
      // Conditions, so the many incident updates that leave confidentiality alone call nothing.
      [
        'incidents_lessons_confidential_update',
        'incidents',
        'AFTER UPDATE OF confidentiality',
        'FOR EACH ROW WHEN (OLD.confidentiality IS DISTINCT FROM NEW.confidentiality)',
        'incident_lessons_confidential',
      ],
      [
        'incidents_lessons_confidential_delete',
        'incidents',
        'AFTER DELETE',
        'FOR EACH ROW',
        'incident_lessons_confidential',
      ],
      [
        'incidents_lessons_confidential_truncate',
        'incidents',
        'AFTER TRUNCATE',
        'FOR EACH STATEMENT',
        'incidents_truncated_lessons_confidential',
      ],
    ];
    for (const [name, table, event, how, fn] of triggers) {
      await q.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
      await q.query(`CREATE TRIGGER ${name} ${event} ON ${table} ${how} EXECUTE FUNCTION leerlus_${fn}()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
    }

    await q.query(`
      UPDATE lessons l SET source_confidential = true
      WHERE l.source_type = 'incident'
        AND ${HIDES('(SELECT i.confidentiality FROM incidents i WHERE i.id = l.source_id)')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER incidents_lessons_confidential_truncate ON incidents`);
    await q.query(`DROP TRIGGER incidents_lessons_confidential_delete ON incidents`);
    await q.query(`DROP TRIGGER incidents_lessons_confidential_update ON incidents`);
    await q.query(`DROP TRIGGER lessons_source_confidential ON lessons`);
    await q.query(`DROP FUNCTION leerlus_incidents_truncated_lessons_confidential()`);
    await q.query(`DROP FUNCTION leerlus_incident_lessons_confidential()`);
    await q.query(`DROP FUNCTION leerlus_lesson_source_confidential()`);
    await q.query(`DROP FUNCTION leerlus_require_read_committed(boolean)`);
    await q.query(`ALTER TABLE lessons DROP COLUMN source_confidential`);
  }
}
