import { SeededRandom } from '../lib/seeded-random';
import { BulkLoader } from './bulk-loader';
import { sqlUuid } from './sql-uuid';
import { World } from './world';

/**
 * The notification outbox as the reflection loop would have left it: agendas and reminders for
 * every session's participants, outcome requests to chairs, and action reminders and overdue
 * notices. Past messages are sent (a few failed), future ones pending. A byte of the row's own
 * hash stands in for randomness, so rows are the same on every run.
 */
export async function generateNotifications(
  loader: BulkLoader,
  world: World,
  _rng: SeededRandom,
): Promise<void> {
  const anchor = world.anchor.toISOString();
  const params = [world.seed, anchor];
  const byte = (key: string) => `get_byte(decode(md5(${key}), 'hex'), 0)`;
  const outcome = (due: string, key: string) => `
      CASE WHEN ${due} >= $2::timestamptz THEN 'pending'
           WHEN ${byte(key)} < 3 THEN 'failed' ELSE 'sent' END AS status,
      CASE WHEN ${due} >= $2::timestamptz THEN 0 WHEN ${byte(key)} < 3 THEN 5 ELSE 1 END AS attempts,
      CASE WHEN ${due} < $2::timestamptz AND ${byte(key)} >= 3
           THEN ${due} + make_interval(secs => 2 + ${byte(key)} % 50) END AS sent_at,
      CASE WHEN ${due} < $2::timestamptz AND ${byte(key)} < 3
           THEN 'SMTP 451 4.3.0 Mail server temporarily rejected message' END AS last_error`;
  const insert = (select: string) => `
    INSERT INTO notifications (id, organisation_id, recipient_id, channel, target, kind, subject_type, subject_id,
      due_at, dedupe_key, status, attempts, last_error, sent_at, payload, created_at, updated_at)
    SELECT ${sqlUuid('$1::text', 'notification', 'n.dedupe_key')}, n.organisation_id, n.recipient_id, 'email',
      n.target, n.kind, n.subject_type, n.subject_id, n.due_at, n.dedupe_key, n.status, n.attempts, n.last_error,
      n.sent_at, n.payload, LEAST(n.due_at, $2::timestamptz) - interval '3 days', COALESCE(n.sent_at, n.due_at)
    FROM (${select}) n`;
  const sessionMessage = (kind: string, offset: string, where: string) =>
    insert(`
      SELECT s.organisation_id, p.id AS recipient_id, p.email AS target, '${kind}' AS kind,
        'reflection-session' AS subject_type, s.id AS subject_id, s.scheduled_at - interval '${offset}' AS due_at,
        'session:' || s.id || ':${kind === 'agenda' ? 'agenda' : `reminder:${offset.replace(' ', '')}`}:' || p.id AS dedupe_key,
        jsonb_build_object('sessionId', s.id, 'seriesId', s.series_id) AS payload,
        ${outcome(`(s.scheduled_at - interval '${offset}')`, `s.id::text || p.id::text || '${kind}'`)}
      FROM reflection_sessions s
      JOIN reflection_series_participants sp ON sp.series_id = s.series_id
      JOIN people p ON p.id = sp.person_id
      WHERE ${where}`);
  const statements = [
    sessionMessage('agenda', '3 days', `s.agenda_sent_at IS NOT NULL`),
    sessionMessage(
      'session-reminder',
      '1 day',
      `s.status IN ('planned', 'agenda-sent', 'held') AND s.rescheduled_from_id IS NULL`,
    ),
    // The chair is asked for the outcome of a session that was not recorded.
    insert(`
      SELECT s.organisation_id, p.id AS recipient_id, p.email AS target, 'outcome-request' AS kind,
        'reflection-session' AS subject_type, s.id AS subject_id, s.ends_at + interval '1 day' AS due_at,
        'session:' || s.id || ':outcome-request:' || p.id AS dedupe_key,
        jsonb_build_object('sessionId', s.id) AS payload,
        ${outcome(`(s.ends_at + interval '1 day')`, `s.id::text || 'outcome'`)}
      FROM reflection_sessions s JOIN reflection_series r ON r.id = s.series_id JOIN people p ON p.id = r.chair_id
      WHERE s.status = 'agenda-sent' AND s.ends_at < $2::timestamptz`),
    // Reminders three days before an open action is due, and a notice the day after it was not done.
    insert(`
      SELECT a.organisation_id, p.id AS recipient_id, p.email AS target, 'action-reminder' AS kind,
        'action' AS subject_type, a.id AS subject_id,
        ((a.due_date - 3)::timestamp + interval '9 hours') AT TIME ZONE 'Europe/Amsterdam' AS due_at,
        'action:' || a.id || ':reminder:P3D:' || p.id AS dedupe_key, jsonb_build_object('actionId', a.id) AS payload,
        ${outcome(`(((a.due_date - 3)::timestamp + interval '9 hours') AT TIME ZONE 'Europe/Amsterdam')`, `a.id::text || 'reminder'`)}
      FROM actions a JOIN people p ON p.id = a.assignee_id
      WHERE a.status = 'open' AND a.due_date >= ($2::timestamptz)::date - 30`),
    insert(`
      SELECT a.organisation_id, p.id AS recipient_id, p.email AS target, 'action-overdue' AS kind,
        'action' AS subject_type, a.id AS subject_id,
        ((a.due_date + 1)::timestamp + interval '9 hours') AT TIME ZONE 'Europe/Amsterdam' AS due_at,
        'action:' || a.id || ':overdue:' || p.id AS dedupe_key, jsonb_build_object('actionId', a.id) AS payload,
        ${outcome(`(((a.due_date + 1)::timestamp + interval '9 hours') AT TIME ZONE 'Europe/Amsterdam')`, `a.id::text || 'overdue'`)}
      FROM actions a JOIN people p ON p.id = a.assignee_id
      WHERE a.status = 'open' AND a.due_date < ($2::timestamptz)::date`),
  ];
  await loader.chunks(statements.length, 1, async (client, n) => {
    await client.query(statements[n - 1], params);
  });
}
