import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Participants per session (the chair included): each session's reminders share one due time. */
export const PER_SESSION = 10;
const PEOPLE = 100;

export interface PlannedReminders {
  organisationId: string;
  sessions: number;
  planSeconds: number;
}

/**
 * One organisation with 100 people and one session per ten reminders (chair and nine
 * participants, each series with its own session), then `reminders` session reminders planned
 * through the real NotificationWriter (one INSERT each, as the domain plans them), on `lanes`
 * connections at once: about 1,000 a second on two cores. The sessions' due times are spread
 * evenly over [firstDueAt, firstDueAt + spreadMs); all reminders of one session fall due at the
 * same instant, as they do when sessions start on the hour. Plan them beyond the dispatcher's
 * lookahead and move them to the due minute afterwards (moveDueTimes).
 */
export async function planReminders(
  dataSource: DataSource,
  options: { reminders: number; firstDueAt: number; spreadMs: number; runId: string; lanes?: number },
): Promise<PlannedReminders> {
  const started = Date.now();
  const sessions = Math.ceil(options.reminders / PER_SESSION);
  const [{ id: organisationId }] = await dataSource.query(
    `INSERT INTO organisations (name, kind) VALUES ($1, 'uitvoeringsorganisatie') RETURNING id`,
    [`Benchmark herinneringen ${options.runId}`],
  );
  const people: { id: string; email: string; name: string }[] = await dataSource.query(
    `INSERT INTO people (organisation_id, name, email, access_role)
     SELECT $1, 'Deelnemer ' || g, 'deelnemer' || g || '.' || $2 || '@bench.example.nl', 'member'
     FROM generate_series(1, $3) g ORDER BY g RETURNING id, email, name`,
    [organisationId, options.runId, PEOPLE],
  );
  const seriesIds = Array.from({ length: sessions }, () => randomUUID());
  const sessionIds = Array.from({ length: sessions }, () => randomUUID());
  // A day after the reminders; the agenda lead time of an hour keeps the agenda job out of it.
  const start = new Date(options.firstDueAt + 86_400_000);
  const end = new Date(start.getTime() + 90 * 60_000);
  const recipient = (s: number, j: number) => people[(s + j) % PEOPLE];
  for (let from = 0; from < sessions; from += 5_000) {
    const chunk = seriesIds.slice(from, from + 5_000);
    const index = chunk.map((_, k) => from + k);
    await dataSource.query(
      `INSERT INTO reflection_series (id, organisation_id, title, kind, chair_id, rrule, first_start, duration_minutes,
         agenda_lead_time, location, materialised_until)
       SELECT s.id, $1, 'Teamreflectie ' || s.n, 'team', s.chair, 'FREQ=MONTHLY;BYDAY=1TU', $4, 90, 'PT1H',
         'Zaal ' || (s.n % 40 + 1) || ', Turfmarkt 147, Den Haag', $4::timestamptz + interval '180 days'
       FROM unnest($2::uuid[], $3::int[], $5::uuid[]) AS s(id, n, chair)`,
      [organisationId, chunk, index, start, index.map((s) => recipient(s, 0).id)],
    );
    await dataSource.query(
      `INSERT INTO reflection_sessions (id, series_id, organisation_id, occurrence_start, scheduled_at, ends_at)
       SELECT s.id, s.series, $1, $4, $4, $5 FROM unnest($2::uuid[], $3::uuid[]) AS s(id, series)`,
      [organisationId, sessionIds.slice(from, from + 5_000), chunk, start, end],
    );
    const pairs = index.flatMap((s) =>
      Array.from({ length: PER_SESSION - 1 }, (_, j) => [seriesIds[s], recipient(s, j + 1).id]),
    );
    await dataSource.query(
      `INSERT INTO reflection_series_participants (series_id, person_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }

  const writer = new NotificationWriter();
  const lanes = options.lanes ?? 8;
  let next = 0;
  const plan = async () => {
    for (let i = next++; i < options.reminders; i = next++) {
      const s = Math.floor(i / PER_SESSION);
      const person = recipient(s, i % PER_SESSION);
      await writer.plan(dataSource.manager, {
        organisationId,
        recipientId: person.id,
        channel: NotificationChannel.Email,
        target: person.email,
        kind: 'session-reminder',
        subjectType: 'reflection-session',
        subjectId: sessionIds[s],
        dueAt: new Date(options.firstDueAt + Math.floor((options.spreadMs * s) / sessions)),
        dedupeKey: `bench:${options.runId}:${i}`,
        payload: { sessionId: sessionIds[s], seriesId: seriesIds[s], offset: 'P1D' },
      });
    }
  };
  await Promise.all(Array.from({ length: lanes }, plan));

  return {
    organisationId,
    sessions,
    planSeconds: (Date.now() - started) / 1000,
  };
}
