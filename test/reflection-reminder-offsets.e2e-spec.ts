import { SessionScheduler } from '@app/domain/reflection/session-scheduler.service';
import { DateTime } from 'luxon';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A reminder offset may be up to 60 days as checkIsoDuration counts them (a month as 30 days), so
 * P2M is accepted: two calendar months before 31 August is 30 June, 62 days. The daily job (02:15)
 * must see such a session while its reminder is still ahead.
 */
describe('a reminder two calendar months ahead (P2M)', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  it('is planned for every session, including the one on Monday 31 August', async () => {
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title: 'Maandag-reflectie',
          kind: 'team',
          chairId: org.lead.id,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          firstStart: '2026-03-02T10:00:00+01:00',
          durationMinutes: 60,
          reminderOffsets: ['P2M'],
        })
        .expect(201)
    ).body;
    const scheduler = t.app.get(SessionScheduler);
    // The daily job, at 02:15 in Amsterdam, as the worker's scheduler runs it.
    for (
      let day = DateTime.fromISO('2026-06-15T02:15', { zone: 'Europe/Amsterdam' });
      day.month < 8;
      day = day.plus({ days: 1 })
    ) {
      t.clock.set(day.toJSDate());
      await scheduler.extendHorizon();
    }
    const reminders: { scheduled_at: Date; due_at: Date }[] = await t.db.query(
      `SELECT s.scheduled_at, n.due_at FROM reflection_sessions s
       LEFT JOIN notifications n ON n.subject_id = s.id AND n.kind = 'session-reminder'
       WHERE s.series_id = $1 AND s.scheduled_at BETWEEN '2026-08-17' AND '2026-09-01'
       ORDER BY s.scheduled_at`,
      [series.id],
    );
    expect(reminders.map((r) => [r.scheduled_at.toISOString(), r.due_at?.toISOString() ?? null])).toEqual([
      ['2026-08-17T08:00:00.000Z', '2026-06-17T08:00:00.000Z'],
      ['2026-08-24T08:00:00.000Z', '2026-06-24T08:00:00.000Z'],
      ['2026-08-31T08:00:00.000Z', '2026-06-30T08:00:00.000Z'],
    ]);
  });
});
