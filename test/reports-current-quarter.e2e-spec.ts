import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { ReportDataSet, seedReportDataSet } from './support/report-data-set';
import { startTestApp, TestApp } from './support/test-app';

const report = (year: number, quarter: number, query = '') =>
  `/v1/reports/quarterly?year=${year}&quarter=${quarter}${query}`;

/**
 * The report of a quarter that is still running, or has not begun: what it says depends on the
 * moment it is asked, so the clock is moved through Q1 2027 of the report data set. The actions of
 * the data set (a1..a11 in the order written there):
 *   a3  created 1 Feb, due 15 Mar, open           a4  created 1 Mar, due 31 Mar, open
 *   a5  created 5 Mar, due 10 Mar, done 5 Apr     a6  created 6 Mar, due 10 Mar, cancelled 2 Apr
 *   a7  created 7 Mar, due 10 Mar, cancelled 20 Mar
 *   a10 created 31 Dec 2026, due 1 Dec 2026, open a11 created 2 Apr, due 1 Jan, open
 *   a1, a2, a8, a9 completed before March.
 */
describe('quarterly report of the quarter under way', () => {
  let t: TestApp;
  let org: OrgFixture;
  let data: ReportDataSet;

  const overdue = async (url: string) => {
    const response = await t.http.get(url).set(bearer(org.lead.token)).expect(200);
    return [response.body.actions.overdueAtQuarterEnd, response.body.previous.actions.overdueAtQuarterEnd];
  };

  beforeAll(async () => {
    t = await startTestApp();
    // 16 March 2027 00:30 in Dutch time, still the 15th in UTC.
    t.clock.set('2027-03-15T23:30:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    const other = await createOrganisation(t.http, t.systemToken);
    data = await seedReportDataSet(t.db, org, other);
  });
  afterAll(() => t.close());

  it('counts the actions overdue now, by the Dutch date, not those that will be by the quarter’s end', async () => {
    // Open now and due before 16 March: a3 (due yesterday in Dutch time), a5, a6, a7 and a10. Not a4
    // (due 31 March), not a11 (not created yet). Q4 2026 has ended: its figure stays the rollup's.
    expect(await overdue(report(2027, 1))).toEqual([5, 2]);
    expect(await overdue(report(2027, 1, `&chainId=${data.chains.studiefinanciering}`))).toEqual([2, 1]);
    expect(await overdue(report(2027, 1, `&chainId=${data.chains.toeslagen}`))).toEqual([2, 1]);

    // An hour earlier it is still the 15th in Dutch time: a3, due that day, is not overdue yet.
    t.clock.set('2027-03-15T22:30:00Z');
    expect(await overdue(report(2027, 1))).toEqual([4, 2]);
    t.clock.set('2027-03-15T23:30:00Z');
  });

  it('counts nothing for a quarter that has not begun, and the running quarter as of now when it is the previous one', async () => {
    expect(await overdue(report(2030, 1))).toEqual([0, 0]);
    expect(await overdue(report(2027, 3))).toEqual([0, 0]);
    expect(await overdue(report(2027, 2))).toEqual([0, 5]);
  });

  it('judges the triangle of the quarter under way today, not on a last day whose handovers have not happened', async () => {
    // A chain whose contractor is appointed from 20 March 2027 and whose owner leaves that role then.
    const [{ id: chainId }] = await t.db.query(
      `INSERT INTO chains (organisation_id, name, created_at, updated_at)
       VALUES ($1, 'Overdracht', '2025-01-01', '2025-01-01') RETURNING id`,
      [org.organisationId],
    );
    await t.db.query(
      `INSERT INTO role_assignments (chain_id, person_id, role, valid_from, valid_to) VALUES
         ($1, $2, 'owner', '2025-01-01', '2027-03-19'), ($1, $3, 'owner', '2027-03-20', NULL),
         ($1, $4, 'commissioner', '2025-01-01', NULL), ($1, $2, 'contractor', '2027-03-20', NULL)`,
      [chainId, org.lead.id, org.admin.id, org.member.id],
    );
    const triangle = async (year: number, quarter: number) =>
      (
        await t.http
          .get(report(year, quarter, `&chainId=${chainId}`))
          .set(bearer(org.lead.token))
          .expect(200)
      ).body.triangles;
    try {
      // On 16 March: nobody is contractor yet.
      expect(await triangle(2027, 1)).toEqual([
        { chainId, name: 'Overdracht', healthy: false, vacantRoles: ['contractor'], mixedRoles: [] },
      ]);
      // The quarter before has ended: judged on its last day.
      expect(
        (await t.http.get(report(2027, 1, `&chainId=${chainId}`)).set(bearer(org.lead.token))).body.previous
          .triangles[0],
      ).toMatchObject({ healthy: false, vacantRoles: ['contractor'] });
      // From 20 March the handover has happened; after the quarter, its last day counts.
      t.clock.set('2027-03-20T12:00:00+01:00');
      expect((await triangle(2027, 1))[0]).toMatchObject({ healthy: true, vacantRoles: [] });
      t.clock.set('2027-04-02T12:00:00+02:00');
      expect((await triangle(2027, 1))[0]).toMatchObject({ healthy: true, vacantRoles: [] });
    } finally {
      t.clock.set('2027-03-15T23:30:00Z');
    }
  });

  it('keeps the quarter-end figure once the quarter has ended, and starts the next one from that moment', async () => {
    t.clock.set('2027-04-01T00:00:00+02:00');
    // Q1 2027 at its end: a3, a5, a6 and a10 (a4 is due on the last day). Q2 2027 at its first
    // instant: those four and a4, now a day late; a5 and a6 close only later in April.
    expect(await overdue(report(2027, 2))).toEqual([5, 4]);
    expect(await overdue(report(2027, 1))).toEqual([4, 2]);
    // After a5's completion and a6's cancellation, with a11 created on 2 April and overdue at once.
    t.clock.set('2027-04-10T12:00:00+02:00');
    expect(await overdue(report(2027, 2))).toEqual([4, 4]);
  });

  it('leaves the rollups it reads equal to a recomputation from the base tables', async () => {
    expect(await t.db.query('SELECT * FROM leerlus_check_report_rollups()')).toEqual([]);
  });
});
