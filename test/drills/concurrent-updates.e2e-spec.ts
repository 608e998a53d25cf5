import { incidentBody } from '../support/incident-body';
import { incidentLessonBody } from '../support/incident-lesson-body';
import { listenOnce } from '../support/listen-once';
import type { Response } from 'supertest';
import { bearer, createOrganisation, OrgFixture } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

interface Target {
  /** The audit log's entity type. */
  entityType: string;
  path: string;
  /** A text field every client sets to a value of its own. */
  field: string;
}

/**
 * Drill: clients read the same record (incident, lesson, action) with its version and then
 * PATCH it concurrently with that version. Exactly one wins; every other one gets a 409 problem
 * naming the current version, and changes nothing; the record holds the winner's value at
 * version + 1, and the audit log one update. No lost update, whatever the interleaving.
 */
describe('drill: concurrent updates of one record', () => {
  let t: TestApp;
  let org: OrgFixture;
  const targets: Record<'incident' | 'lesson' | 'action', Target> = {
    incident: { entityType: 'incident', path: '', field: 'title' },
    lesson: { entityType: 'lesson', path: '', field: 'title' },
    action: { entityType: 'action', path: '', field: 'description' },
  };

  beforeAll(async () => {
    t = await startTestApp();
    await listenOnce(t.app);
    org = await createOrganisation(t.http, t.systemToken);
    const chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
    ).body.id;
    const incident = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send(incidentBody(chainId))
      .expect(201);
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send(incidentLessonBody(incident.body.id))
      .expect(201);
    const action = await t.http
      .post('/v1/actions')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'lesson',
        sourceId: lesson.body.id,
        description: 'Werkinstructie betaalbatch aanpassen',
        assigneeId: org.member.id,
        dueDate: '2026-12-31',
      })
      .expect(201);
    targets.incident.path = `/v1/incidents/${incident.body.id}`;
    targets.lesson.path = `/v1/lessons/${lesson.body.id}`;
    targets.action.path = `/v1/actions/${action.body.id}`;
  });
  afterAll(() => t?.close());

  const read = async (target: Target) =>
    (await t.http.get(target.path).set(bearer(org.member.token)).expect(200)).body as Record<string, unknown>;
  const update = (target: Target, body: Record<string, unknown>) =>
    t.http.patch(target.path).set(bearer(org.member.token)).send(body);
  const updateAudits = async (target: Target) =>
    t.db.query<{ changes: Record<string, { from: unknown; to: unknown }> }>(
      `SELECT changes FROM audit_events
       WHERE entity_type = $1 AND entity_id = $2 AND action = 'update' ORDER BY occurred_at, id`,
      [target.entityType, target.path.split('/').pop()],
    );

  function expectStale(response: Response, currentVersion: number): void {
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual(
      expect.objectContaining({
        type: expect.stringMatching(/version-conflict$/),
        status: 409,
        currentVersion,
      }),
    );
  }

  /** `clients` clients read the record, then all PATCH it at once with the version they read. */
  async function race(target: Target, clients: number): Promise<void> {
    const read0 = await read(target);
    const version = read0.version as number;
    const auditsBefore = (await updateAudits(target)).length;
    const values = Array.from({ length: clients }, (_, i) => `${read0[target.field]} (client ${i + 1})`);

    const responses = await Promise.all(
      values.map((value) => update(target, { version, [target.field]: value })),
    );

    const winners = responses.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const winner = winners[0];
    expect(winner.body.version).toBe(version + 1);
    const winningValue = winner.body[target.field];
    expect(values).toContain(winningValue);
    for (const loser of responses.filter((r) => r !== winner)) expectStale(loser, version + 1);

    const after = await read(target);
    expect(after.version).toBe(version + 1);
    expect(after[target.field]).toBe(winningValue);
    const audits = await updateAudits(target);
    expect(audits).toHaveLength(auditsBefore + 1);
    expect(audits[audits.length - 1].changes[target.field]).toEqual({
      from: read0[target.field],
      to: winningValue,
    });
  }

  describe.each(['incident', 'lesson', 'action'] as const)('%s', (name) => {
    const target = () => targets[name];

    it('two clients with the same version: the second gets 409 and changes nothing', async () => {
      const before = await read(target());
      const version = before.version as number;
      await update(target(), { version, [target().field]: `${before[target().field]} (A)` }).expect(200);
      expectStale(await update(target(), { version, [target().field]: 'B' }), version + 1);
      const after = await read(target());
      expect(after).toEqual(
        expect.objectContaining({ version: version + 1, [target().field]: `${before[target().field]} (A)` }),
      );
    });

    it('two clients at the same moment: exactly one wins', () => race(target(), 2));

    it('twenty clients at the same moment: exactly one wins, nineteen get 409', () => race(target(), 20));

    it('a stale or future version is a 409, a missing one a 400; none changes anything', async () => {
      const before = await read(target());
      const version = before.version as number;
      const audits = (await updateAudits(target())).length;
      expectStale(await update(target(), { version: version - 1, [target().field]: 'Oud' }), version);
      expectStale(await update(target(), { version: version + 1, [target().field]: 'Toekomst' }), version);
      const missing = await update(target(), { [target().field]: 'Zonder versie' }).expect(400);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.body.invalidParams).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'version' })]),
      );
      expect(await read(target())).toEqual(before);
      expect(await updateAudits(target())).toHaveLength(audits);
    });
  });
});
