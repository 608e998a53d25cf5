import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentLessonBody } from './support/incident-lesson-body';
import { stillWaiting } from './support/still-waiting';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Once the learned incident a recurrence flag rests on is hidden (made confidential), the incidents
 * flagged because of it are decided again. An incident created meanwhile, its flag decided before
 * its insert and the hide finding only rows written before it, is decided again after its insert.
 *
 * The window is widened deterministically: the create's INSERT waits on its chain row's key-share
 * lock (foreign key check) while another session holds the chain FOR UPDATE.
 */
describe('recurrence flag of an incident created while its source is hidden', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let outsider: { id: string; token: string };
  let holder: Client;

  const report = (token: string, title: string, description: string) =>
    t.http.post('/v1/incidents').set(bearer(token)).send({
      chainId,
      title,
      description,
      occurredAt: '2026-05-01T09:00:00+02:00',
      severity: 'high',
      publicAttention: 'national',
      source: 'media',
    });

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-05-01T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' })).body
      .id;
    outsider = await createPerson(t.http, org.admin.token, { name: 'Otto Outsider', accessRole: 'member' });
    holder = new Client({ connectionString: t.db.url });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end().catch(() => undefined);
    await t.close();
  });

  it('does not flag (nor point at) a learned incident that was made confidential before the insert', async () => {
    const x = await report(
      org.member.token,
      'Kinderopvangtoeslag te laat uitbetaald',
      'Duizenden ouders ontvingen de kinderopvangtoeslag twee weken te laat door een storing in de betaalbatch.',
    ).expect(201);
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send(incidentLessonBody(x.body.id))
      .expect(201);
    await t.http
      .patch(`/v1/lessons/${lesson.body.id}`)
      .set(bearer(org.lead.token))
      .send({ version: 1, status: 'validated', response: 'adopted', responseReason: 'Eens.' })
      .expect(200);
    t.clock.set('2026-09-01T10:00:00+02:00');

    // Hold the chain row: the create's recurrence check runs, its INSERT then waits.
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM chains WHERE id = $1 FOR UPDATE', [chainId]);
    const creating = report(
      outsider.token,
      'Kinderopvangtoeslag alweer te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag weer te laat door de betaalbatch.',
    ).then((r) => r);
    expect(await stillWaiting(creating, 1000)).toBe(true);

    // Meanwhile X's reporter makes X confidential: everything flagged because of X is decided again.
    const current = await t.http.get(`/v1/incidents/${x.body.id}`).set(bearer(org.member.token)).expect(200);
    const hide = t.http
      .patch(`/v1/incidents/${x.body.id}`)
      .set(bearer(org.member.token))
      .send({ confidentiality: 'confidential', version: current.body.version })
      .then((r) => r);
    // The hide does not need the chain row: it commits while the create still waits.
    expect(await stillWaiting(hide, 3000)).toBe(false);
    expect((await hide).status).toBe(200);
    await holder.query('COMMIT');
    const y = await creating;
    expect(y.status).toBe(201);
    // Nor does the answer name the incident its reporter may no longer see.
    expect(y.body.recurrence).toBe(false);
    expect(y.body.similarIncidents.map((s: { id: string }) => s.id)).not.toContain(x.body.id);
    await t.http.get(`/v1/incidents/${x.body.id}`).set(bearer(outsider.token)).expect(404);

    const [row] = await t.db.query<{ recurrence: boolean; recurrence_of: string | null }>(
      'SELECT recurrence, recurrence_of FROM incidents WHERE id = $1',
      [y.body.id],
    );
    const seen = await t.http.get(`/v1/incidents/${y.body.id}`).set(bearer(outsider.token)).expect(200);
    expect({ shown: seen.body.recurrence, stored: row }).toEqual({
      shown: false,
      stored: { recurrence: false, recurrence_of: null },
    });
  });
});
