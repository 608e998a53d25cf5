import { AgendaService } from '@app/domain/reflection/agenda.service';
import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { waitForLockWaiters } from './support/lock-waiters';
import {
  createChainSeries,
  createChainWithTriangle,
  insertIncident,
  insertOverdueAction,
  insertTheme,
} from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A subject waits on a series' agenda once, however an item about it gets there: picked by hand,
 * brought back from dropped, moved, or compiled. The review of overdue actions is one subject too.
 */
describe('one subject once on an agenda', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    const owner = await createPerson(t.http, org.admin.token, { name: 'Olga Eigenaar', accessRole: 'lead' });
    chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: owner.id,
      contractor: owner.id,
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-01T09:00:00Z'));

  /** The first two sessions (9 and 16 March) of a new weekly series of the chain. */
  const newSeries = async (): Promise<{ seriesId: string; first: string; second: string }> => {
    const series = await createChainSeries(t.http, org.lead, chainId, { agendaLeadTime: 'P3D' });
    const sessions = await t.http
      .get(`/v1/reflection-series/${series.id}/sessions?pageSize=2`)
      .set(bearer(org.lead.token))
      .expect(200);
    const [first, second] = sessions.body.items.map((s: { id: string }) => s.id);
    return { seriesId: series.id, first, second };
  };
  const pick = (body: Record<string, unknown>) =>
    t.http.post('/v1/agenda-items').set(bearer(org.lead.token)).send(body);
  const change = async (id: string, body: Record<string, unknown>) => {
    const { version } = (await t.http.get(`/v1/agenda-items/${id}`).set(bearer(org.lead.token)).expect(200))
      .body;
    return t.http
      .patch(`/v1/agenda-items/${id}`)
      .set(bearer(org.lead.token))
      .send({ ...body, version });
  };
  const compile = async (sessionId: string) =>
    (await t.http.post(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token)).expect(200))
      .body.items as { id: string; kind: string; referenceId: string | null }[];
  const agendaOf = async (sessionId: string) =>
    (await t.http.get(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token)).expect(200))
      .body.items as { id: string; kind: string; referenceId: string | null }[];

  it('does not bring a dropped item back beside the item that took up its subject again', async () => {
    const { first } = await newSeries();
    const themeId = await insertTheme(t.db, {
      organisationId: org.organisationId,
      ownerId: org.lead.id,
      title: 'Lerende cultuur',
    });
    const dropped = (await pick({ sessionId: first, kind: 'theme', referenceId: themeId }).expect(201)).body;
    expect((await change(dropped.id, { status: 'dropped' })).status).toBe(200);
    const again = (await pick({ sessionId: first, kind: 'theme', referenceId: themeId }).expect(201)).body;

    const back = await change(dropped.id, { status: 'proposed' });
    expect([back.status, back.body.detail]).toEqual([
      409,
      `This subject is on the series' agenda already (agenda item ${again.id}); move that item instead.`,
    ]);
    expect((await compile(first)).filter((i) => i.referenceId === themeId).map((i) => i.id)).toEqual([
      again.id,
    ]);
  });

  it('does not move an item off an unrecorded past session onto an agenda that has its subject', async () => {
    const { first, second } = await newSeries();
    const incidentId = await insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId,
      reportedById: org.member.id,
      title: 'Brieven naar verkeerd adres',
      severity: 'high',
      reportedAt: '2026-02-20T10:00:00Z',
    });
    t.clock.set('2026-03-06T09:00:00Z');
    await t.app.get(AgendaService).dispatchDueAgendas();
    const [sent] = (await agendaOf(first)).filter((i) => i.referenceId === incidentId);
    // The first session went by unrecorded (it counts as not held): the chair picks the incident again.
    t.clock.set('2026-03-12T09:00:00Z');
    await pick({ sessionId: second, kind: 'incident', referenceId: incidentId }).expect(201);

    const moved = await change(sent.id, { sessionId: second });
    expect(moved.status).toBe(409);
    expect((await agendaOf(second)).filter((i) => i.referenceId === incidentId)).toHaveLength(1);
  });

  it('takes the review of overdue actions once, by hand or compiled', async () => {
    const { seriesId, first, second } = await newSeries();
    await insertOverdueAction(t.db, {
      organisationId: org.organisationId,
      chainId,
      personId: org.member.id,
      dueDate: '2026-02-01',
    });
    await pick({ sessionId: second, kind: 'action-review' }).expect(201);
    const twice = await pick({ sessionId: second, kind: 'action-review', title: 'Acties nog eens' });
    const inBacklog = await pick({ seriesId, kind: 'action-review' });
    expect([twice.status, inBacklog.status]).toEqual([409, 409]);

    // Compiled onto the first agenda (the one by hand waits for the second): none by hand beside it.
    const other = await newSeries();
    const compiled = (await compile(other.first)).filter((i) => i.kind === 'action-review');
    expect(compiled).toHaveLength(1);
    expect((await pick({ sessionId: other.first, kind: 'action-review' })).status).toBe(409);
    expect((await agendaOf(other.first)).filter((i) => i.kind === 'action-review')).toHaveLength(1);
    // Nor does the compiler put one on the first agenda while the one by hand waits for the second.
    expect((await compile(first)).filter((i) => i.kind === 'action-review')).toEqual([]);
  });

  it('lets only one of two picks of the review made at once through', async () => {
    const { seriesId, second } = await newSeries();
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      // Both picks wait for the series, as the compilation takes it; then they take turns.
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE`, [seriesId]);
      const picks = [second, second].map((sessionId) =>
        pick({ sessionId, kind: 'action-review' }).then((r) => r.status),
      );
      await waitForLockWaiters(t.db, 2);
      await holder.query('COMMIT');
      expect((await Promise.all(picks)).sort()).toEqual([201, 409]);
    } finally {
      await holder.end();
    }
    expect((await agendaOf(second)).filter((i) => i.kind === 'action-review')).toHaveLength(1);
  });
});
