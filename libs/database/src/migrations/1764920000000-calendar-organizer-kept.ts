import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations name their sender (MAIL_FROM) as organizer since this release, where they named the
 * chair. A calendar refuses a new organizer for an event it has, so a session invited before keeps
 * the organizer its invitation named (the chair of then, taken as the chair of now), and so does
 * the session that replaces it when it is postponed. Null: the sender.
 */
export class CalendarOrganizerKept1764920000000 implements MigrationInterface {
  name = 'CalendarOrganizerKept1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reflection_sessions ADD COLUMN calendar_organizer jsonb`);
    await q.query(
      `UPDATE reflection_sessions s SET calendar_organizer = jsonb_build_object('name', c.name, 'email', c.email)
       FROM reflection_series r JOIN people c ON c.id = r.chair_id
       WHERE r.id = s.series_id AND s.ends_at > now() - interval '30 days'
         -- Invited: by its agenda, or as a postponed session's replacement (its move was a REQUEST).
         AND (s.agenda_sent_at IS NOT NULL OR s.rescheduled_from_id IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reflection_sessions DROP COLUMN calendar_organizer`);
  }
}
