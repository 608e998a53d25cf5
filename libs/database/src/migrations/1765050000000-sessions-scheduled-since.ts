import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `reflection_sessions.scheduled_since`: when the session got its current time (it was made, or
 * moved), or a longer agenda lead time made its agenda due at once. Its agenda is due at its start
 * minus the lead time, but never before then: a session made or moved within its lead time had an
 * agenda due before it existed, and the delivery log, the webhook's occurredAt and the lag metric
 * counted it late by days.
 *
 * Filled in for the sessions whose agenda is still to go, or may still be recorded as missed (as
 * AgendaService reads them): when they were made, or last moved as the audit log tells. Null for the
 * others: no bound (only start minus lead time counts).
 */
export class SessionsScheduledSince1765050000000 implements MigrationInterface {
  name = 'SessionsScheduledSince1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reflection_sessions ADD COLUMN scheduled_since timestamptz`);
    await q.query(`
      UPDATE reflection_sessions s SET scheduled_since = GREATEST(s.created_at,
        (SELECT max(e.occurred_at) FROM audit_events e
         WHERE e.entity_type = 'reflection-session' AND e.entity_id = s.id AND e.changes ? 'scheduledAt'))
      WHERE s.status = 'planned' AND s.agenda_sent_at IS NULL AND s.scheduled_at > now() - interval '7 days'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reflection_sessions DROP COLUMN scheduled_since`);
  }
}
