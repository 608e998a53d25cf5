import { SessionScheduler } from '@app/domain/reflection/session-scheduler.service';
import { DateTime } from 'luxon';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const DAY_MS = 86_400_000;

/**
 * The daily job plans a day further each time; a public holiday near its horizon moves a session
 * onto a day the next runs reach. The sessions must be the ones a single plan of the same stretch
 * makes: one per day at most where the rule meets once a day, nobody invited twice at one hour.
 */
describe('reflection series: public holidays at the edge of the daily horizon', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  const create = async (title: string, rrule: string, firstStart: string): Promise<string> =>
    (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({ title, kind: 'leadership', chairId: org.lead.id, rrule, firstStart, durationMinutes: 60 })
        .expect(201)
    ).body.id;

  /** Local start times of a series' sessions from `from` on, with the occurrence each stands for. */
  const sessions = async (seriesId: string, from: string): Promise<string[]> =>
    (
      await t.db.query(
        `SELECT occurrence_start, scheduled_at FROM reflection_sessions
         WHERE series_id = $1 AND scheduled_at >= $2 ORDER BY scheduled_at, occurrence_start`,
        [seriesId, from],
      )
    ).map(
      (s: { scheduled_at: Date; occurrence_start: Date }) =>
        `${DateTime.fromJSDate(s.scheduled_at, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-MM-dd HH:mm')}` +
        ` (${DateTime.fromJSDate(s.occurrence_start, { zone: 'Europe/Amsterdam' }).toISODate()})`,
    );

  /** Creates the series on `start`, then runs the daily job once a day for `days` days. */
  const dayByDay = async (title: string, rrule: string, firstStart: string, start: string, days: number) => {
    t.clock.set(start);
    const id = await create(title, rrule, firstStart);
    for (let day = 1; day <= days; day++) {
      t.clock.set(new Date(new Date(start).getTime() + day * DAY_MS));
      await t.app.get(SessionScheduler).extendHorizon();
    }
    return id;
  };

  it('plans no second or third session on the Monday after Christmas on a Saturday and Sunday', async () => {
    // 25 and 26 December 2027 are a Saturday and a Sunday: both move to Monday the 27th.
    const daily = await dayByDay(
      'Dagstart',
      'FREQ=DAILY',
      '2026-12-21T10:00:00+01:00',
      '2026-12-20T09:00:00Z',
      10,
    );
    const whole = await create('Dagstart in een keer', 'FREQ=DAILY', '2026-12-21T10:00:00+01:00');
    const daysAround = await sessions(daily, '2027-12-23T00:00:00Z');
    expect(daysAround.slice(0, 4)).toEqual([
      '2027-12-23 10:00 (2027-12-23)',
      '2027-12-24 10:00 (2027-12-24)',
      '2027-12-27 10:00 (2027-12-27)',
      '2027-12-28 10:00 (2027-12-28)',
    ]);
    // The same as planning the whole stretch at once, as creating the series on the last day does.
    expect(daysAround).toEqual((await sessions(whole, '2027-12-23T00:00:00Z')).slice(0, daysAround.length));
  });

  it('plans no second session on the Tuesday that Easter Monday moves to', async () => {
    // Easter Monday 2028 is 17 April; the Tuesday after has a session of its own.
    const id = await dayByDay(
      'Maandag en dinsdag',
      'FREQ=WEEKLY;BYDAY=MO,TU',
      '2027-04-05T09:00:00+02:00',
      '2027-04-04T09:00:00Z',
      21,
    );
    expect(await sessions(id, '2028-04-10T00:00:00Z')).toEqual([
      '2028-04-10 09:00 (2028-04-10)',
      '2028-04-11 09:00 (2028-04-11)',
      '2028-04-18 09:00 (2028-04-18)',
      '2028-04-24 09:00 (2028-04-24)',
      '2028-04-25 09:00 (2028-04-25)',
    ]);
  });

  it('moves two holidays in a row onto one working day once', async () => {
    // Fridays and Saturdays: Christmas 2026 (Friday) and Boxing Day (Saturday) both go to Monday
    // the 28th, which the rule does not meet on: one session there, not two.
    const id = await dayByDay(
      'Vrijdag en zaterdag',
      'FREQ=WEEKLY;BYDAY=FR,SA',
      '2025-12-19T09:00:00+01:00',
      '2025-12-18T09:00:00Z',
      12,
    );
    expect(await sessions(id, '2026-12-18T00:00:00Z')).toEqual([
      '2026-12-18 09:00 (2026-12-18)',
      '2026-12-19 09:00 (2026-12-19)',
      '2026-12-28 09:00 (2026-12-25)',
    ]);
  });
});
