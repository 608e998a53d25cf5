import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `reflection_sessions.calendar_uid`: the calendar event (iCalendar UID) a session is. A postponed
 * session's replacement was a new event: the "moved" e-mail invited everyone to it, and the
 * invitation of the agenda e-mail stayed in their calendars at the old time, as a second meeting
 * (no CANCEL was ever sent for it). A replacement now takes over the UID of the session it
 * replaces (and a SEQUENCE above it), so calendars move the meeting; the feed shows the event once,
 * at its new time. NULL: the session's own id, as before, so no event already in a calendar
 * changes its UID; replacements made before this migration stay events of their own.
 */
export class PostponedSessionKeepsCalendarEvent1764700000000 implements MigrationInterface {
  name = 'PostponedSessionKeepsCalendarEvent1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // No default: a new nullable column rewrites nothing.
    await q.query(`ALTER TABLE reflection_sessions ADD COLUMN calendar_uid uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reflection_sessions DROP COLUMN calendar_uid`);
  }
}
