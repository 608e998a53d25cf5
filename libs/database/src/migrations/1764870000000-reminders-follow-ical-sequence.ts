import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session reminder carries the session's `icalSequence` (sessionPayload), planned when the
 * reminder is, days ahead. The sequence rises afterwards whenever calendars get something new (the
 * agenda goes out, a new place or link, someone joins or leaves), so a reminder said it was about
 * an older version of the invitation than the agenda before it: integrators that keep the newest
 * version by its sequence were misled. A reminder not sent yet now follows the session's sequence,
 * however it rises (and so does a failed one, which the delivery log may retry).
 */
export class RemindersFollowIcalSequence1764870000000 implements MigrationInterface {
  name = 'RemindersFollowIcalSequence1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION leerlus_reminders_follow_ical_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE notifications
        SET payload = CASE WHEN channel = 'webhook'
                        THEN jsonb_set(payload, '{data,icalSequence}', to_jsonb(NEW.ical_sequence))
                        ELSE jsonb_set(payload, '{icalSequence}', to_jsonb(NEW.ical_sequence)) END,
            updated_at = now(), version = version + 1
        WHERE subject_type = 'reflection-session' AND subject_id = NEW.id
          AND kind IN ('session-reminder', 'session.reminder') AND status IN ('pending', 'queued', 'failed');
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER reflection_sessions_reminder_sequence AFTER UPDATE OF ical_sequence ON reflection_sessions
       FOR EACH ROW WHEN (OLD.ical_sequence IS DISTINCT FROM NEW.ical_sequence)
       EXECUTE FUNCTION leerlus_reminders_follow_ical_sequence()`,
    );
    await q.query(
      `ALTER TABLE reflection_sessions ENABLE ALWAYS TRIGGER reflection_sessions_reminder_sequence`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER reflection_sessions_reminder_sequence ON reflection_sessions`);
    await q.query(`DROP FUNCTION leerlus_reminders_follow_ical_sequence()`);
  }
}
