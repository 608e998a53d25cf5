import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a change brings about in the database itself (an action moving with its incident, an
 * agenda item's title following its subject or leaving with it) is audited by triggers, which
 * wrote no actor and no request id: nobody could tell who caused it. The api now names the caller
 * and the request for each transaction it starts (`leerlus.actor_id`, `leerlus.request_id`, local to
 * the transaction: AuditActorSubscriber), and an event written without them takes them from there.
 * Outside a request (the worker's jobs, a migration, psql) they stay empty.
 */
export class AuditEventsNameTheRequest1764860000000 implements MigrationInterface {
  name = 'AuditEventsNameTheRequest1764860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION leerlus_audit_event_request() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.actor_id IS NULL THEN
          NEW.actor_id := nullif(current_setting('leerlus.actor_id', true), '')::uuid;
        END IF;
        IF NEW.request_id IS NULL THEN
          NEW.request_id := nullif(current_setting('leerlus.request_id', true), '');
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_events_request BEFORE INSERT ON audit_events
       FOR EACH ROW WHEN (NEW.actor_id IS NULL OR NEW.request_id IS NULL)
       EXECUTE FUNCTION leerlus_audit_event_request()`,
    );
    await q.query(`ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_request`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_events_request ON audit_events`);
    await q.query(`DROP FUNCTION leerlus_audit_event_request()`);
  }
}
