import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether an action's source hides it, given the source's row (NULL: the source is not there). */
const HIDES = `CASE NEW.source_type
  WHEN 'incident' THEN coalesce((SELECT i.confidentiality = 'confidential' FROM incidents i WHERE i.id = NEW.source_id FOR SHARE), true)
  WHEN 'lesson' THEN coalesce((SELECT l.source_confidential FROM lessons l WHERE l.id = NEW.source_id FOR SHARE), true)
  ELSE false END`;

/**
 * `actions.source_confidential`: true when the action follows up a confidential incident, a lesson
 * drawn from one (the lesson's own flag), or a source that no longer exists. An action says what is
 * being done about its source, so a member sees it only when they may see the source
 * (ConfidentialityFilter.actions); only flagged actions are checked against it. Checking every
 * action made a member's first page of actions take 0.5–1.5 s at a million incidents.
 *
 * As for lessons (migration 1764560000000), the flag may be true where the source is visible (then
 * it is checked, which costs time and hides nothing), and is never false where it hides:
 * - an action's trigger reads its source when it is inserted or given another source, and locks it
 *   FOR SHARE, so a concurrent change of that source's confidentiality waits for the action or the
 *   action for it, and then reads its outcome;
 * - an incident made confidential or internal, or deleted, sets its actions' flag; a lesson whose
 *   flag changes, or that is deleted, sets its actions'. Hiding needs read committed, like the
 *   lessons' flag: a stricter snapshot would miss an action committed while the change waited.
 * The triggers fire also under session_replication_role = replica (ENABLE ALWAYS).
 */
export class ActionSourceConfidential1764620000000 implements MigrationInterface {
  name = 'ActionSourceConfidential1764620000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // A constant default rewrites nothing, but the ACCESS EXCLUSIVE lock is held briefly, alone.
    await q.query(
      `ALTER TABLE actions ADD COLUMN IF NOT EXISTS source_confidential boolean NOT NULL DEFAULT false`,
    );
    await q.startTransaction();
    try {
      await this.triggersAndBackfill(q);
      await q.commitTransaction();
    } catch (error) {
      await q.rollbackTransaction();
      throw error;
    }
    await q.query(`ANALYZE actions`);
  }

  private async triggersAndBackfill(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    // Writers wait for the backfill, so no change slips between it and the triggers (readers do not).
    await q.query(`LOCK TABLE actions, lessons, incidents IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_action_source_confidential() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.source_confidential := ${HIDES};
        RETURN NEW;
      END $$`);
    // (IF, not one CASE: a lesson's row has no confidentiality field to parse.)
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_source_actions_confidential() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        hides boolean := true;
        changed_id uuid;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          changed_id := OLD.id;
        ELSIF TG_TABLE_NAME = 'incidents' THEN
          changed_id := NEW.id;
          hides := NEW.confidentiality = 'confidential';
        ELSE
          changed_id := NEW.id;
          hides := NEW.source_confidential;
        END IF;
        PERFORM leerlus_require_read_committed(hides);
        UPDATE actions a SET source_confidential = hides
        WHERE a.source_type = TG_ARGV[0] AND a.source_id = changed_id AND a.source_confidential <> hides;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_sources_truncated_actions_confidential() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM leerlus_require_read_committed(true);
        UPDATE actions SET source_confidential = true WHERE source_type = TG_ARGV[0] AND NOT source_confidential;
        RETURN NULL;
      END $$`);
    const triggers = [
      [
        'actions_source_confidential',
        'actions',
        'BEFORE INSERT OR UPDATE OF source_type, source_id',
        'FOR EACH ROW',
        'action_source_confidential()',
      ],
      // Conditions, so the many updates that leave confidentiality alone call nothing. A lesson's
      // flag is set by its own BEFORE trigger (not in the SET list), hence no column list there.
      [
        'incidents_actions_confidential_update',
        'incidents',
        'AFTER UPDATE OF confidentiality',
        'FOR EACH ROW WHEN (OLD.confidentiality IS DISTINCT FROM NEW.confidentiality)',
        `source_actions_confidential('incident')`,
      ],
      [
        'incidents_actions_confidential_delete',
        'incidents',
        'AFTER DELETE',
        'FOR EACH ROW',
        `source_actions_confidential('incident')`,
      ],
      [
        'incidents_actions_confidential_truncate',
        'incidents',
        'AFTER TRUNCATE',
        'FOR EACH STATEMENT',
        `sources_truncated_actions_confidential('incident')`,
      ],
      [
        'lessons_actions_confidential_update',
        'lessons',
        'AFTER UPDATE',
        'FOR EACH ROW WHEN (OLD.source_confidential IS DISTINCT FROM NEW.source_confidential)',
        `source_actions_confidential('lesson')`,
      ],
      [
        'lessons_actions_confidential_delete',
        'lessons',
        'AFTER DELETE',
        'FOR EACH ROW',
        `source_actions_confidential('lesson')`,
      ],
      [
        'lessons_actions_confidential_truncate',
        'lessons',
        'AFTER TRUNCATE',
        'FOR EACH STATEMENT',
        `sources_truncated_actions_confidential('lesson')`,
      ],
    ];
    for (const [name, table, event, how, call] of triggers) {
      await q.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
      await q.query(`CREATE TRIGGER ${name} ${event} ON ${table} ${how} EXECUTE FUNCTION leerlus_${call}`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
    }

    await q.query(`
      UPDATE actions a SET source_confidential = true
      WHERE (a.source_type = 'incident'
             AND coalesce((SELECT i.confidentiality = 'confidential' FROM incidents i WHERE i.id = a.source_id), true))
         OR (a.source_type = 'lesson'
             AND coalesce((SELECT l.source_confidential FROM lessons l WHERE l.id = a.source_id), true))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, table] of [
      ['lessons_actions_confidential_truncate', 'lessons'],
      ['lessons_actions_confidential_delete', 'lessons'],
      ['lessons_actions_confidential_update', 'lessons'],
      ['incidents_actions_confidential_truncate', 'incidents'],
      ['incidents_actions_confidential_delete', 'incidents'],
      ['incidents_actions_confidential_update', 'incidents'],
      ['actions_source_confidential', 'actions'],
    ])
      await q.query(`DROP TRIGGER ${name} ON ${table}`);
    await q.query(`DROP FUNCTION leerlus_sources_truncated_actions_confidential()`);
    await q.query(`DROP FUNCTION leerlus_source_actions_confidential()`);
    await q.query(`DROP FUNCTION leerlus_action_source_confidential()`);
    await q.query(`ALTER TABLE actions DROP COLUMN source_confidential`);
  }
}
