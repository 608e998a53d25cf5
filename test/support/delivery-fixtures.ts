import { TestDatabase } from './test-database';

export interface SessionFixture {
  seriesId: string;
  sessionId: string;
}

/**
 * A series with one session and its agenda, written with SQL (the reflection services are not
 * what these tests are about; the delivery reads exactly these tables).
 */
export async function insertSession(
  db: TestDatabase,
  input: {
    organisationId: string;
    chairId: string;
    participantIds?: string[];
    title?: string;
    start: string;
    durationMinutes?: number;
    timeZone?: string;
    location?: string | null;
    meetingUrl?: string | null;
    status?: string;
    agenda?: { title: string; timeboxMinutes: number; kind?: string }[];
    agendaSent?: boolean;
    icalSequence?: number;
  },
): Promise<SessionFixture> {
  const start = new Date(input.start);
  const end = new Date(start.getTime() + (input.durationMinutes ?? 90) * 60_000);
  const [series] = await db.query(
    `INSERT INTO reflection_series (organisation_id, title, kind, chair_id, rrule, first_start, time_zone,
       duration_minutes, location, meeting_url, materialised_until)
     VALUES ($1, $2, 'leadership', $3, 'FREQ=MONTHLY;BYDAY=1TU', $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      input.organisationId,
      input.title ?? 'Reflectie directieraad',
      input.chairId,
      start,
      input.timeZone ?? 'Europe/Amsterdam',
      input.durationMinutes ?? 90,
      input.location === undefined ? 'Zaal 4.12, Turfmarkt 147, Den Haag' : input.location,
      input.meetingUrl ?? null,
      new Date(start.getTime() + 180 * 86400_000),
    ],
  );
  for (const personId of input.participantIds ?? []) {
    await db.query(`INSERT INTO reflection_series_participants (series_id, person_id) VALUES ($1, $2)`, [
      series.id,
      personId,
    ]);
  }
  const [session] = await db.query(
    `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at, status,
       agenda_sent_at, ical_sequence)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7) RETURNING id`,
    [
      series.id,
      input.organisationId,
      start,
      end,
      input.status ?? (input.agendaSent ? 'agenda-sent' : 'planned'),
      input.agendaSent ? new Date() : null,
      input.icalSequence ?? 0,
    ],
  );
  let position = 0;
  for (const item of input.agenda ?? []) {
    await db.query(
      `INSERT INTO agenda_items (organisation_id, series_id, session_id, kind, title, timebox_minutes, position, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled')`,
      [
        input.organisationId,
        series.id,
        session.id,
        item.kind ?? 'custom',
        item.title,
        item.timeboxMinutes,
        position++,
      ],
    );
  }
  return { seriesId: series.id, sessionId: session.id };
}
