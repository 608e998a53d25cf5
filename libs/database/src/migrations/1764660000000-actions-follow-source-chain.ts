import { MigrationInterface, QueryRunner } from 'typeorm';

/** The sources whose chain an action takes, with the action's source type for each. */
const SOURCES: [table: string, sourceType: string][] = [
  ['incidents', 'incident'],
  ['lessons', 'lesson'],
  ['reflection_series', 'reflection-session'],
];

/**
 * An action takes its chain from its source when it is created: the incident's, the lesson's, or
 * the series' of its reflection session. Until now it kept that chain when the source moved to
 * another chain, so the action was listed under the old chain (`GET /v1/actions?chainId=`), counted
 * there in the reports, and its escalation went to the old chain's owner.
 *
 * Now a trigger moves the actions with their source (a series moves the actions of all its
 * sessions), as a change of the action: `updated_at` and `version` go up, so an edit made with the
 * old version is refused. The report rollups follow through their own triggers on actions. Fires
 * also under session_replication_role = replica (ENABLE ALWAYS), like the other derived columns.
 * Actions that already lag behind a move are moved here.
 */
export class ActionsFollowSourceChain1764660000000 implements MigrationInterface {
  name = 'ActionsFollowSourceChain1764660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    // Writers wait for the catch-up, so no move slips between it and the triggers (readers do not).
    await q.query(`LOCK TABLE actions, incidents, lessons, reflection_series IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE FUNCTION leerlus_source_actions_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_ARGV[0] = 'reflection-session' THEN
          UPDATE actions a SET chain_id = NEW.chain_id, updated_at = now(), version = a.version + 1
          FROM reflection_sessions s
          WHERE s.series_id = NEW.id AND a.source_type = 'reflection-session' AND a.source_id = s.id
            AND a.chain_id IS DISTINCT FROM NEW.chain_id;
        ELSE
          UPDATE actions a SET chain_id = NEW.chain_id, updated_at = now(), version = a.version + 1
          WHERE a.source_type = TG_ARGV[0] AND a.source_id = NEW.id AND a.chain_id IS DISTINCT FROM NEW.chain_id;
        END IF;
        RETURN NULL;
      END $$`);
    for (const [table, sourceType] of SOURCES) {
      const name = `${table}_actions_chain`;
      await q.query(
        `CREATE TRIGGER ${name} AFTER UPDATE OF chain_id ON ${table}
         FOR EACH ROW WHEN (OLD.chain_id IS DISTINCT FROM NEW.chain_id)
         EXECUTE FUNCTION leerlus_source_actions_chain('${sourceType}')`,
      );
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
    }
    await q.query(`
      UPDATE actions a SET chain_id = x.chain_id, updated_at = now(), version = a.version + 1
      FROM (SELECT 'incident' AS source_type, id AS source_id, chain_id FROM incidents
            UNION ALL SELECT 'lesson', id, chain_id FROM lessons
            UNION ALL SELECT 'reflection-session', s.id, r.chain_id
                      FROM reflection_sessions s JOIN reflection_series r ON r.id = s.series_id) AS x
      WHERE a.source_type = x.source_type AND a.source_id = x.source_id AND a.chain_id IS DISTINCT FROM x.chain_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of SOURCES) await q.query(`DROP TRIGGER ${table}_actions_chain ON ${table}`);
    await q.query(`DROP FUNCTION leerlus_source_actions_chain()`);
  }
}
