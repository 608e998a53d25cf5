import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * An item that fitted when it was picked may not once the series' length or protected share
 * changes: no session has room for it then, and it waits in the backlog, not carried over (a
 * count that rose at every agenda put it first for ever), until it fits again.
 */
describe('an agenda item the series no longer has room for', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  /** A weekly series of 60 minutes, 24 of them (0.4) kept for learning: 36 for anything else. */
  const newSeries = async () =>
    (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title: 'Directieoverleg',
          kind: 'leadership',
          chairId: org.lead.id,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          firstStart: '2026-03-09T10:00:00+01:00',
          durationMinutes: 60,
          protectedShare: 0.4,
        })
        .expect(201)
    ).body;
  const changeSeries = async (id: string, body: Record<string, unknown>) => {
    const { version } = (await t.http.get(`/v1/reflection-series/${id}`).set(bearer(org.lead.token))).body;
    await t.http
      .patch(`/v1/reflection-series/${id}`)
      .set(bearer(org.lead.token))
      .send({ ...body, version })
      .expect(200);
  };
  const sessionsOf = async (seriesId: string): Promise<string[]> =>
    (
      await t.http.get(`/v1/reflection-series/${seriesId}/sessions?pageSize=3`).set(bearer(org.lead.token))
    ).body.items.map((s: { id: string }) => s.id);
  const pick = (body: Record<string, unknown>) =>
    t.http.post('/v1/agenda-items').set(bearer(org.lead.token)).send(body);
  const itemOf = async (id: string) =>
    (await t.http.get(`/v1/agenda-items/${id}`).set(bearer(org.lead.token)).expect(200)).body;
  const change = async (id: string, body: Record<string, unknown>) =>
    t.http
      .patch(`/v1/agenda-items/${id}`)
      .set(bearer(org.lead.token))
      .send({ ...body, version: (await itemOf(id)).version });
  const compile = async (sessionId: string) =>
    (await t.http.post(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token)).expect(200))
      .body.items as { id: string }[];
  const whereIs = async (id: string) => {
    const item = await itemOf(id);
    return [item.sessionId, item.status, item.carryOverCount];
  };

  it('keeps a backlog item waiting, not carried over, once the share leaves it no room', async () => {
    const series = await newSeries();
    const item = (
      await pick({ seriesId: series.id, kind: 'custom', title: 'Begroting', timeboxMinutes: 36 }).expect(201)
    ).body;
    await changeSeries(series.id, { protectedShare: 0.8 });

    for (const sessionId of await sessionsOf(series.id)) {
      expect((await compile(sessionId)).map((i) => i.id)).not.toContain(item.id);
      expect(await whereIs(item.id)).toEqual([null, 'proposed', 0]);
    }
    // As a new item would be refused; shortened to the room there is, it is on the next agenda.
    const anew = await pick({ seriesId: series.id, kind: 'custom', title: 'Nieuw', timeboxMinutes: 36 });
    expect(anew.body.invalidParams?.[0].reason).toBe(
      "must fit the time outside the share kept for learning (12 of the session's 60 minutes)",
    );
    expect((await change(item.id, { timeboxMinutes: 12 })).status).toBe(200);
    const [first] = await sessionsOf(series.id);
    expect((await compile(first)).map((i) => i.id)).toContain(item.id);
  });

  it('takes an item off an agenda, without counting it carried over, once the sessions are too short for it', async () => {
    const series = await newSeries();
    const [first, second] = await sessionsOf(series.id);
    const item = (
      await pick({ sessionId: first, kind: 'custom', title: 'Reorganisatie', timeboxMinutes: 30 }).expect(201)
    ).body;
    expect((await compile(first)).map((i) => i.id)).toEqual([item.id]);
    // 30 minutes, 12 of them kept for learning: 18 for anything else.
    await changeSeries(series.id, { durationMinutes: 30 });

    expect(await compile(first)).toEqual([]);
    expect(await whereIs(item.id)).toEqual([null, 'proposed', 0]);
    expect(await compile(second)).toEqual([]);
    expect(await whereIs(item.id)).toEqual([null, 'proposed', 0]);
    // Longer sessions again: it fits, and comes.
    await changeSeries(series.id, { durationMinutes: 60 });
    expect((await compile(second)).map((i) => i.id)).toEqual([item.id]);
  });

  it('does not bring a dropped item back that no session has room for any more', async () => {
    const series = await newSeries();
    const item = (
      await pick({ seriesId: series.id, kind: 'custom', title: 'Huisvesting', timeboxMinutes: 36 }).expect(
        201,
      )
    ).body;
    expect((await change(item.id, { status: 'dropped' })).status).toBe(200);
    await changeSeries(series.id, { protectedShare: 0.8 });

    const back = await change(item.id, { status: 'proposed' });
    expect([back.status, back.body.invalidParams]).toEqual([
      400,
      [
        {
          name: 'timeboxMinutes',
          reason: "must fit the time outside the share kept for learning (12 of the session's 60 minutes)",
        },
      ],
    ]);
    expect((await change(item.id, { status: 'proposed', timeboxMinutes: 12 })).status).toBe(200);
  });
});
