import { listenOnce } from '../support/listen-once';
import { randomBytes } from 'node:crypto';
import { bearer, createOrganisation, OrgFixture } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { eventually } from '../support/test-worker';
import { PrivatePostgres, startPrivatePostgres } from './support/private-postgres';

const CLIENTS = 6;
/** Far above the pool's connection timeout (3 s): a request still open after this is a hang. */
const NO_ANSWER_MS = 20_000;

interface Outcome {
  kind: 'post' | 'get';
  /** The HTTP status, or 0 when no answer came within NO_ANSWER_MS. */
  status: number;
  contentType: string;
  problemType?: string;
  title?: string;
  id?: string;
  startedAt: number;
  endedAt: number;
}

/**
 * Drill: Postgres is restarted while the api serves a steady stream of reports and reads. During
 * the outage every request answers, promptly, with a 503 problem (never a 500, never a hang);
 * afterwards the same api process serves again without a restart; and no request leaves half a
 * write behind: each incident exists with its audit row, or not at all. Runs on a private
 * PostgreSQL cluster, never the shared server.
 */
describe('drill: Postgres restarted under load', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let teamId: string;
  const marker = `Drill ${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const database = await pg.migratedDatabase('leerlus_outage');
    t = await startTestApp({ database });
    await listenOnce(t.app);
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
    ).body.id;
    teamId = (
      await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Uitbetaling' }).expect(201)
    ).body.id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await pg?.destroy();
  });

  const outcomes: Outcome[] = [];
  let sequence = 0;
  let run = '';
  beforeEach(() => {
    outcomes.length = 0;
  });

  async function send(kind: Outcome['kind'], id?: string): Promise<Outcome> {
    const startedAt = Date.now();
    const title = kind === 'post' ? `${marker} ${run} ${++sequence}` : undefined;
    const call =
      kind === 'post'
        ? t.http.post('/v1/incidents').set(bearer(org.member.token)).send({
            chainId,
            teamId,
            title,
            description: 'Uitbetaling stokte tijdens een herstart van de database.',
            occurredAt: '2026-06-01T09:00:00+02:00',
            severity: 'medium',
            publicAttention: 'none',
            source: 'staff',
          })
        : t.http.get(id ? `/v1/incidents/${id}` : '/v1/incidents?pageSize=5').set(bearer(org.member.token));
    try {
      const response = await call.timeout(NO_ANSWER_MS);
      return {
        kind,
        status: response.status,
        contentType: String(response.headers['content-type'] ?? ''),
        problemType: response.status >= 400 ? response.body?.type : undefined,
        title,
        id: response.status === 201 ? response.body.id : undefined,
        startedAt,
        endedAt: Date.now(),
      };
    } catch {
      return { kind, status: 0, contentType: '', title, startedAt, endedAt: Date.now() };
    }
  }

  /** Each client reports an incident and reads it back (or the list), over and over. */
  function load(): { stop(): Promise<void> } {
    let running = true;
    const client = async () => {
      while (running) {
        const created = await send('post');
        outcomes.push(created);
        outcomes.push(await send('get', created.id));
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    return {
      stop: async () => {
        running = false;
        await Promise.all(clients);
      },
    };
  }

  const succeededSince = (since: number) =>
    outcomes.filter((o) => o.startedAt >= since && (o.status === 200 || o.status === 201)).length;

  it.each(['fast', 'immediate'] as const)(
    'stopped in %s mode: 503 problems during the outage, recovery by itself, no partial writes',
    async (mode) => {
      run = mode;
      const health = await t.http.get('/v1/health').expect(200);
      expect(health.body.checks.postgres.status).toBe('up');

      const traffic = load();
      let down = 0;
      let restarting = 0;
      let up = 0;
      try {
        const started = Date.now();
        await eventually(async () => succeededSince(started) >= 20, 20_000);

        await pg.stop(mode);
        down = Date.now();
        const sick = await t.http.get('/v1/health').timeout(NO_ANSWER_MS);
        expect(sick.status).toBe(503);
        expect(sick.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(sick.body.checks.postgres.status).toBe('down');
        // Several requests start and finish while the database is gone.
        await eventually(
          async () => outcomes.filter((o) => o.startedAt >= down).length >= 3 * CLIENTS,
          NO_ANSWER_MS,
        );
        await new Promise((resolve) => setTimeout(resolve, 3_000));

        restarting = Date.now();
        await pg.start();
        up = Date.now();
        await eventually(async () => succeededSince(up) >= 20, 30_000);
      } finally {
        await traffic.stop();
      }

      // Never a 500, never a hang, never anything but success or "unavailable".
      const odd = outcomes.filter(
        (o) =>
          !(o.status === 200 || o.status === 201) &&
          !(
            o.status === 503 &&
            o.contentType.startsWith('application/problem+json') &&
            /unavailable$/.test(o.problemType ?? '')
          ),
      );
      expect(odd).toEqual([]);
      const duringOutage = outcomes.filter((o) => o.startedAt >= down && o.endedAt <= restarting);
      expect(duringOutage.length).toBeGreaterThan(0);
      expect(duringOutage.filter((o) => o.status !== 503)).toEqual([]);

      // The same api process serves again: health, and a burst of writes that all succeed.
      const healthy = await t.http.get('/v1/health').expect(200);
      expect(healthy.body.checks.postgres.status).toBe('up');
      const burst = await Promise.all(Array.from({ length: 2 * CLIENTS }, () => send('post')));
      expect(burst.map((o) => o.status)).toEqual(burst.map(() => 201));
      outcomes.push(...burst);

      // No partial writes: every incident of the drill was created once, with exactly one audit row.
      const rows: { id: string; title: string; audits: number }[] = await t.db.query(
        `SELECT i.id, i.title,
              (SELECT count(*)::int FROM audit_events a
               WHERE a.entity_type = 'incident' AND a.entity_id = i.id AND a.action = 'create') AS audits
       FROM incidents i WHERE i.title LIKE $1`,
        [`${marker} ${run} %`],
      );
      expect(rows.filter((r) => r.audits !== 1)).toEqual([]);
      const byTitle = new Map(rows.map((r) => [r.title, r.id]));
      expect(byTitle.size).toBe(rows.length);
      const posts = outcomes.filter((o) => o.kind === 'post');
      const created = posts.filter((o) => o.status === 201);
      expect(created.filter((o) => byTitle.get(o.title!) !== o.id)).toEqual([]);
      // A failed report left nothing, or (its commit landed as the connection broke) all of it.
      const titles = new Set(posts.map((o) => o.title));
      expect(rows.filter((r) => !titles.has(r.title))).toEqual([]);
      expect(posts.filter((o) => o.status === 503).length).toBeGreaterThan(0);
    },
    90_000,
  );
});
