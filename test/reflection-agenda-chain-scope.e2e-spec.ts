import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainWithTriangle, insertIncident } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A chain's series looks at its chain only, also for what it carried over: an incident that moved
 * to another chain, or a series that did, leaves the compiled items of the old chain behind. Items
 * a lead picked by hand stay (a lead may pick any chain's subject).
 */
describe("a chain's agenda keeps to its chain", () => {
  let t: TestApp;
  let org: OrgFixture;
  let ww: string;
  let wia: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    const owner = await createPerson(t.http, org.admin.token, { name: 'Olga Eigenaar', accessRole: 'lead' });
    const other = await createPerson(t.http, org.admin.token, { name: 'Piet Partner', accessRole: 'member' });
    ww = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: owner.id,
      contractor: owner.id,
    });
    wia = await createChainWithTriangle(t.http, org.admin.token, {
      owner: other.id,
      commissioner: other.id,
      contractor: other.id,
    });
  });
  afterAll(() => t.close());

  const incidentOf = (chainId: string, title: string) =>
    insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId,
      reportedById: org.member.id,
      title,
      severity: 'critical',
      reportedAt: '2026-02-20T10:00:00Z',
    });
  const refreshed = async (path: string) =>
    (await t.http.get(path).set(bearer(org.lead.token)).expect(200)).body;
  const compile = async (sessionId: string) =>
    (await t.http.post(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token)).expect(200))
      .body.items as { referenceId: string | null }[];

  /**
   * A series of chain WW whose first session a lead filled by hand, so that its compilation
   * carried over `compiled` (from the register) and `picked` (by hand, for the backlog).
   */
  const carriedOver = async () => {
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title: 'Ketenreflectie WW',
          kind: 'chain',
          chainId: ww,
          chairId: org.lead.id,
          rrule: 'FREQ=WEEKLY;BYDAY=WE',
          firstStart: '2026-03-11T10:00:00+01:00',
          durationMinutes: 90,
          protectedShare: 0,
        })
        .expect(201)
    ).body;
    const sessions = await refreshed(`/v1/reflection-series/${series.id}/sessions?pageSize=2`);
    const [first, second] = sessions.items.map((s: { id: string }) => s.id);
    const compiled = await incidentOf(ww, 'Uitkering te laat');
    const picked = await incidentOf(ww, 'Bezwaar kwijtgeraakt');
    await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: first, kind: 'custom', title: 'Jaarplan', timeboxMinutes: 90 })
      .expect(201);
    await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ seriesId: series.id, kind: 'incident', referenceId: picked, timeboxMinutes: 15 })
      .expect(201);
    await compile(first);
    const backlog = await t.db.query(
      `SELECT reference_id AS "referenceId", origin FROM agenda_items
       WHERE series_id = $1 AND session_id IS NULL AND status = 'carried-over' ORDER BY origin`,
      [series.id],
    );
    expect(backlog).toEqual([
      { referenceId: compiled, origin: 'compiled' },
      { referenceId: picked, origin: 'manual' },
    ]);
    return { series, second, compiled, picked };
  };
  const backlogOf = async (seriesId: string) =>
    (
      await t.db.query(`SELECT reference_id FROM agenda_items WHERE series_id = $1 AND session_id IS NULL`, [
        seriesId,
      ])
    ).length as number;

  it('leaves a carried-over incident that moved to another chain off the next agenda', async () => {
    const { series, second, compiled, picked } = await carriedOver();
    for (const id of [compiled, picked]) {
      const { version } = await refreshed(`/v1/incidents/${id}`);
      await t.http
        .patch(`/v1/incidents/${id}`)
        .set(bearer(org.lead.token))
        .send({ version, chainId: wia })
        .expect(200);
    }

    const next = (await compile(second)).map((i) => i.referenceId);
    expect([next.includes(compiled), next.includes(picked)]).toEqual([false, true]);
    // Not parked in the backlog either: it is WIA's now.
    expect(await backlogOf(series.id)).toBe(0);
  });

  it("leaves what a series carried over of its old chain off its agendas once it is another chain's", async () => {
    const { series, second, compiled, picked } = await carriedOver();
    const theirs = await incidentOf(wia, 'Verkeerd bedrag uitbetaald');
    const { version } = await refreshed(`/v1/reflection-series/${series.id}`);
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ version, chainId: wia })
      .expect(200);

    const next = (await compile(second)).map((i) => i.referenceId);
    expect([next.includes(compiled), next.includes(picked), next.includes(theirs)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(await backlogOf(series.id)).toBe(0);
  });
});
