import { MigrationInterface, QueryRunner } from 'typeorm';

/** The sources whose chain an action takes, with the action's source type for each. */
const SOURCES: [table: string, sourceType: string][] = [
  ['incidents', 'incident'],
  ['lessons', 'lesson'],
  ['reflection_series', 'reflection-session'],
];

/**
 * An action takes its chain from its source: the incident's, the lesson's, or the series' of its
 * reflection session. Until now the api copied it when the action was created and it stayed when
 * the source moved to another chain, so the action was listed under the old chain
 * (`GET /v1/actions?chainId=`), counted there in the reports, and escalated to the old chain's owner.
 *
 * - On insert, or a change of source, a trigger sets the action's chain from its source, holding
 *   the source's row (of a session, its series') FOR SHARE until the action commits, as the
 *   confidentiality flag does: a concurrent move waits for the action, and its own update of the
 *   actions then sees it; or the action waits, and reads the new chain. An action whose source is
 *   not there (a bulk load bringing actions first) keeps the chain it came with.
 * - When a source moves, a trigger moves its actions (a series: the actions of all its sessions) as
 *   a change of each action: `updated_at` and `version` go up, so an edit made with the old version
 *   is refused; an audit event per action records the change of chainId, without an actor (the
 *   person who moved the source is on the source's event); and the messages about the action not
 *   sent yet (an e-mail's payload, the `action.overdue` webhook's `data`) carry the new chain. The
 *   report rollups follow through their own triggers on actions.
 *
 * Both fire also under session_replication_role = replica (ENABLE ALWAYS), like the other derived
 * columns. Actions that already lag behind a move are moved here.
 */
export class ActionsFollowSourceChain1764660000000 implements MigrationInterface {
  name = 'ActionsFollowSourceChain1764660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    // Writers wait for the catch-up, so no move slips between it and the triggers (readers do not).
    await q.query(`LOCK TABLE actions, incidents, lessons, reflection_series IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE FUNCTION leerlus_action_chain_from_source() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        source_chain uuid;
      BEGIN
        IF NEW.source_type = 'incident' THEN
          SELECT i.chain_id INTO source_chain FROM incidents i WHERE i.id = NEW.source_id FOR SHARE;
        ELSIF NEW.source_type = 'lesson' THEN
          SELECT l.chain_id INTO source_chain FROM lessons l WHERE l.id = NEW.source_id FOR SHARE;
        ELSE
          SELECT r.chain_id INTO source_chain FROM reflection_sessions s JOIN reflection_series r ON r.id = s.series_id
          WHERE s.id = NEW.source_id FOR SHARE OF r;
        END IF;
        IF FOUND THEN NEW.chain_id := source_chain; END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER actions_chain_from_source BEFORE INSERT OR UPDATE OF source_type, source_id ON actions
       FOR EACH ROW EXECUTE FUNCTION leerlus_action_chain_from_source()`,
    );
    await q.query(`ALTER TABLE actions ENABLE ALWAYS TRIGGER actions_chain_from_source`);
    await q.query(`
      CREATE FUNCTION leerlus_source_actions_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH moved AS (
          UPDATE actions a SET chain_id = NEW.chain_id, updated_at = now(), version = a.version + 1
          WHERE a.chain_id IS DISTINCT FROM NEW.chain_id
            AND ((TG_ARGV[0] <> 'reflection-session' AND a.source_type = TG_ARGV[0] AND a.source_id = NEW.id)
              OR (TG_ARGV[0] = 'reflection-session' AND a.source_type = 'reflection-session'
                  AND a.source_id IN (SELECT s.id FROM reflection_sessions s WHERE s.series_id = NEW.id)))
          RETURNING a.id, a.organisation_id),
        unsent AS (
          UPDATE notifications n
          SET payload = CASE WHEN n.channel = 'webhook'
                             THEN jsonb_set(n.payload, '{data,chainId}', coalesce(to_jsonb(NEW.chain_id), 'null'))
                             ELSE jsonb_set(n.payload, '{chainId}', coalesce(to_jsonb(NEW.chain_id), 'null')) END,
              updated_at = now(), version = n.version + 1
          FROM moved m
          WHERE n.subject_type = 'action' AND n.subject_id = m.id AND n.status IN ('pending', 'queued')
          RETURNING n.id)
        INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
        SELECT m.organisation_id, NULL, 'action', 'update',
               jsonb_build_object('chainId', jsonb_build_object('from', OLD.chain_id, 'to', NEW.chain_id)), m.id
        FROM moved m;
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
    await q.query(`DROP TRIGGER actions_chain_from_source ON actions`);
    await q.query(`DROP FUNCTION leerlus_action_chain_from_source()`);
  }
}
