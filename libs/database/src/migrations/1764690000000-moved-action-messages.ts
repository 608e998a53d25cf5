import { MigrationInterface, QueryRunner } from 'typeorm';

/** The move of actions with their source, and what it updates besides them. */
const MOVE = (messages: boolean) => `
  CREATE OR REPLACE FUNCTION leerlus_source_actions_chain() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH moved AS (
      UPDATE actions a SET chain_id = NEW.chain_id, updated_at = now(), version = a.version + 1
      WHERE a.chain_id IS DISTINCT FROM NEW.chain_id
        AND ((TG_ARGV[0] <> 'reflection-session' AND a.source_type = TG_ARGV[0] AND a.source_id = NEW.id)
          OR (TG_ARGV[0] = 'reflection-session' AND a.source_type = 'reflection-session'
              AND a.source_id IN (SELECT s.id FROM reflection_sessions s WHERE s.series_id = NEW.id)))
      RETURNING a.id, a.organisation_id)${
        messages
          ? `,
    unsent AS (
      UPDATE notifications n
      SET payload = CASE WHEN n.channel = 'webhook'
                         THEN jsonb_set(n.payload, '{data,chainId}', coalesce(to_jsonb(NEW.chain_id), 'null'))
                         ELSE jsonb_set(n.payload, '{chainId}', coalesce(to_jsonb(NEW.chain_id), 'null')) END,
          updated_at = now(), version = n.version + 1
      FROM moved m
      WHERE n.subject_type = 'action' AND n.subject_id = m.id AND n.status IN ('pending', 'queued')
      RETURNING n.id)`
          : ''
      }
    INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
    SELECT m.organisation_id, NULL, 'action', 'update',
           jsonb_build_object('chainId', jsonb_build_object('from', OLD.chain_id, 'to', NEW.chain_id)), m.id
    FROM moved m;
    RETURN NULL;
  END $$`;

/**
 * Messages about an action carry its chain (an e-mail's payload, the `action.overdue` webhook's
 * `data.chainId`), written when they were planned. An action that moved with its source
 * (migrations 1764660000000 and 1764680000000) still went out with the old chain; now the move
 * updates the messages not sent yet as well. Who an escalation goes to is decided when it is sent
 * (EscalationReaddress).
 */
export class MovedActionMessages1764690000000 implements MigrationInterface {
  name = 'MovedActionMessages1764690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(MOVE(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(MOVE(false));
  }
}
