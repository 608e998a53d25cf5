import { listenOnce } from '../support/listen-once';
import { bearer, createOrganisation, OrgFixture } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { eventually } from '../support/test-worker';
import { PartitionProxy, startPartitionProxy } from './support/partition-proxy';

/** Far above the query timeout the drill sets (1.5 s) and the pool's connection timeout (3 s). */
const NO_ANSWER_MS = 15_000;

/**
 * Drill: the network between the api and Postgres goes silent (no reset, no answer) and comes
 * back. Requests must not hang on a connection that will not answer: each one gets a 503 problem
 * once the query timeout passes, and when the network heals the same api serves again, with no
 * write left half done.
 */
describe('drill: network partition between the api and Postgres', () => {
  let proxy: PartitionProxy;
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;

  beforeAll(async () => {
    const db = await createTestDatabase();
    proxy = await startPartitionProxy(Number(new URL(db.url).port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    t = await startTestApp({
      database: { ...db, url: viaProxy.toString() },
      env: { DATABASE_QUERY_TIMEOUT_MS: '1500' },
    });
    await listenOnce(t.app);
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
    ).body.id;
  }, 60_000);
  afterAll(async () => {
    proxy?.heal();
    await t?.close();
    await proxy?.close();
  });

  const report = (title: string) =>
    t.http.post('/v1/incidents').set(bearer(org.member.token)).timeout(NO_ANSWER_MS).send({
      chainId,
      title,
      occurredAt: '2026-06-01T09:00:00+02:00',
      severity: 'high',
      publicAttention: 'local',
      source: 'staff',
    });
  const list = () => t.http.get('/v1/incidents').set(bearer(org.member.token)).timeout(NO_ANSWER_MS);

  it('answers 503 problems while the network is silent and serves again when it heals', async () => {
    await list().expect(200);

    proxy.partition();
    const answers = await Promise.all([
      ...[1, 2, 3, 4].map((n) => report(`Partitie ${n}`)),
      ...[1, 2, 3, 4].map(() => list()),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toEqual(expect.objectContaining({ status: 503, title: 'Service unavailable' }));
    }
    const health = await t.http.get('/v1/health').timeout(NO_ANSWER_MS);
    expect(health.status).toBe(503);

    proxy.heal();
    await eventually(async () => (await list()).status === 200, 20_000);
    expect((await report('Na de partitie')).status).toBe(201);

    // Nothing half done: an incident exists with its audit row or not at all. (A report whose
    // commit was held up in the partition may have landed after all, answered with a 503.)
    const rows: { title: string; audits: number }[] = await t.db.query(
      `SELECT i.title,
              (SELECT count(*)::int FROM audit_events a
               WHERE a.entity_type = 'incident' AND a.entity_id = i.id AND a.action = 'create') AS audits
       FROM incidents i WHERE i.organisation_id = $1`,
      [org.organisationId],
    );
    expect(rows.filter((row) => row.audits !== 1)).toEqual([]);
    expect(rows.map((row) => row.title)).toContain('Na de partitie');
  }, 60_000);
});
