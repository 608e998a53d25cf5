import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The protected-time ratio (held / planned, PRODUCT.md "Reports") of a quarter that is still
 * running, or has not begun. Sessions are materialised for a rolling horizon, so those still to
 * come are rows with status `planned` already: they are neither held nor missed, and count only
 * once they have begun (as the actions' overdue figure counts "as of now").
 */
describe('protected-time ratio of the quarter under way', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    const [{ id: series }] = await t.db.query<{ id: string }>(
      `INSERT INTO reflection_series (organisation_id, chain_id, title, kind, chair_id, rrule, first_start, duration_minutes)
       VALUES ($1, NULL, 'Reflectie directieraad', 'leadership', $2, 'FREQ=MONTHLY;BYDAY=2TU', '2027-01-12T10:00:00+01:00', 90)
       RETURNING id`,
      [org.organisationId, org.lead.id],
    );
    const session = (at: string, status: string) =>
      t.db.query(
        `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at, status)
         VALUES ($1, $2, $3, $3, $3::timestamptz + interval '90 minutes', $4)`,
        [series, org.organisationId, at, status],
      );
    // Q1 2027: January and February held; March still to come (materialised, planned).
    await session('2027-01-12T10:00:00+01:00', 'held');
    await session('2027-02-09T10:00:00+01:00', 'held');
    await session('2027-03-09T10:00:00+01:00', 'planned');
    // Q2 2027, materialised ahead.
    await session('2027-04-13T10:00:00+02:00', 'planned');
    await session('2027-05-11T10:00:00+02:00', 'planned');
    // Mid-February 2027: every session so far was held.
    t.clock.set('2027-02-20T12:00:00+01:00');
  });
  afterAll(() => t.close());

  const reflection = async (year: number, quarter: number) =>
    (
      await t.http
        .get(`/v1/reports/quarterly?year=${year}&quarter=${quarter}`)
        .set(bearer(org.lead.token))
        .expect(200)
    ).body.reflection;

  it('does not count the sessions still to come as reflection time that was not protected', async () => {
    const q1 = await reflection(2027, 1);
    // Two sessions have taken place and both were held: nothing was crowded out so far.
    expect({ planned: q1.planned, held: q1.held, protectedTimeRatio: q1.protectedTimeRatio }).toEqual({
      planned: 2,
      held: 2,
      protectedTimeRatio: 1,
    });
  });

  it('gives no protected-time ratio (null, not 0 %) for a quarter that has not begun', async () => {
    const q2 = await reflection(2027, 2);
    expect(q2.protectedTimeRatio).toBeNull();
  });
});
