import { MigrationInterface, QueryRunner } from 'typeorm';

/** The move of migration 1764660000000, with an audit event for every action it moves. */
const AUDITED_MOVE = `
  CREATE OR REPLACE FUNCTION leerlus_source_actions_chain() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH moved AS (
      UPDATE actions a SET chain_id = NEW.chain_id, updated_at = now(), version = a.version + 1
      WHERE a.chain_id IS DISTINCT FROM NEW.chain_id
        AND ((TG_ARGV[0] <> 'reflection-session' AND a.source_type = TG_ARGV[0] AND a.source_id = NEW.id)
          OR (TG_ARGV[0] = 'reflection-session' AND a.source_type = 'reflection-session'
              AND a.source_id IN (SELECT s.id FROM reflection_sessions s WHERE s.series_id = NEW.id)))
      RETURNING a.id, a.organisation_id)
    INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
    SELECT m.organisation_id, NULL, 'action', 'update',
           jsonb_build_object('chainId', jsonb_build_object('from', OLD.chain_id, 'to', NEW.chain_id)), m.id
    FROM moved m;
    RETURN NULL;
  END $$`;

/** The move as migration 1764660000000 wrote it, for down(). */
const UNAUDITED_MOVE = `
  CREATE OR REPLACE FUNCTION leerlus_source_actions_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
  END $$`;

/**
 * Two gaps of migration 1764660000000 (actions follow their source's chain), found in review:
 * - The api chose an action's chain from its source before inserting it, without holding the
 *   source (a session's series was read, not locked): a series moved in between left the new
 *   action in the old chain. Now a trigger takes the chain from the source when an action is
 *   inserted or given another source, holding the source's row (of a session, its series')
 *   FOR SHARE until the action commits, as the confidentiality flag does: a concurrent move waits
 *   for the action, and its own update of the actions then sees it; or the action waits, and reads
 *   the new chain.
 * - A move changed the actions without an audit event. Now each moved action gets one, with the
 *   change of chainId and no actor: the person who moved the source is on the source's event.
 */
export class ActionChainFromSource1764680000000 implements MigrationInterface {
  name = 'ActionChainFromSource1764680000000';

  async up(q: QueryRunner): Promise<void> {
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
        -- A bulk load may bring actions before their sources: they keep the chain they came with.
        IF FOUND THEN NEW.chain_id := source_chain; END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER actions_chain_from_source BEFORE INSERT OR UPDATE OF source_type, source_id ON actions
       FOR EACH ROW EXECUTE FUNCTION leerlus_action_chain_from_source()`,
    );
    await q.query(`ALTER TABLE actions ENABLE ALWAYS TRIGGER actions_chain_from_source`);
    await q.query(AUDITED_MOVE);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER actions_chain_from_source ON actions`);
    await q.query(`DROP FUNCTION leerlus_action_chain_from_source()`);
    await q.query(UNAUDITED_MOVE);
  }
}
