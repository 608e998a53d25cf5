import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remembers which session's compilation pushed an agenda item back to the backlog, so that
 * compiling that session again first undoes its own carry-over (recompiling is repeatable)
 * while items carried over from earlier sessions keep their precedence.
 */
export class AgendaCarryOver1764420000000 implements MigrationInterface {
  name = 'AgendaCarryOver1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE agenda_items ADD COLUMN carried_from_session_id uuid REFERENCES reflection_sessions(id) ON DELETE SET NULL`,
    );
    await q.query(
      `CREATE INDEX agenda_items_carried_from_idx ON agenda_items (carried_from_session_id) WHERE carried_from_session_id IS NOT NULL`,
    );
    // The dispatcher looks for planned sessions about to start; the sweep for unrecorded ones.
    await q.query(
      `CREATE INDEX reflection_sessions_open_idx ON reflection_sessions (scheduled_at) WHERE status IN ('planned','agenda-sent')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reflection_sessions_open_idx`);
    await q.query(`DROP INDEX agenda_items_carried_from_idx`);
    await q.query(`ALTER TABLE agenda_items DROP COLUMN carried_from_session_id`);
  }
}
