import { AppConfig } from '@app/config';
import { Quarter } from '@app/domain/reports/quarter';
import { QuarterCloseSchedule } from '@app/domain/reports/quarter-close-schedule';
import { JobName, JobQueues, queueOf } from '@app/queue';
import { DateTime } from 'luxon';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { bearer, createOrganisation, OrgFixture } from '../support/fixtures';
import { freshBuild } from '../support/fresh-build';
import { createChainWithTriangle } from '../support/reflection-fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startSmtpServer, TestSmtpServer } from '../support/test-smtp-server';
import { eventually } from '../support/test-worker';
import { AppProcess, LogLine, startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { PrivateRedis, startPrivateRedis } from './support/private-redis';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

/** How many copies of a periodic job the test adds at once, so both workers run it side by side. */
const COPIES = 4;
const TOKEN = `scale-out-${randomBytes(24).toString('hex')}`;
const AUTH_FAILURE_LIMIT = 6;

interface Api {
  name: string;
  process: AppProcess;
  http: TestAgent;
}

interface Worker {
  name: string;
  process: AppProcess;
  metricsUrl: string;
}

interface Tenant {
  org: OrgFixture;
  chainId: string;
  seriesId: string;
  firstStart: Date;
  incidentIds: string[];
}

/**
 * Drill: two api processes and two worker processes, built from the current sources, on one
 * Postgres database and one Redis (a private redis-server). Requests alternate between the apis;
 * the periodic jobs are added several times at once so both workers run them concurrently. Every
 * planned message arrives once (counted at the SMTP server by Message-ID and at the webhook
 * receiver by event id), sessions and the quarter-close snapshot exist once, and both apis
 * answer the same.
 */
describe('drill: two apis and two workers on one Postgres and Redis', () => {
  let main: { api: string; worker: string };
  let db: TestDatabase;
  let redis: PrivateRedis;
  let smtp: TestSmtpServer;
  let hooks: WebhookReceiver;
  let queues: JobQueues | undefined;
  const apis: Api[] = [];
  const workers: Worker[] = [];
  const tenants: Tenant[] = [];
  /** The api for the i-th request: requests alternate. */
  const api = (i: number) => apis[i % apis.length];

  beforeAll(async () => {
    const build = freshBuild();
    main = {
      api: resolve(build, 'apps/api/src/main.js'),
      worker: resolve(build, 'apps/worker/src/main.js'),
    };
    [db, redis, smtp, hooks] = await Promise.all([
      createTestDatabase(),
      startPrivateRedis(),
      startSmtpServer(),
      startWebhookReceiver(),
    ]);
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: redis.url,
      REDIS_PREFIX: `scale-${randomBytes(4).toString('hex')}`,
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: 'https://leerlus.example.nl',
      CALENDAR_FEED_SECRET: randomBytes(24).toString('hex'),
      BOOTSTRAP_ADMIN_TOKEN: TOKEN,
      // Every replica migrates at start (here nothing is pending: the database is a migrated clone;
      // replicas migrating a new database at once are tested in test/migrations.e2e-spec.ts).
      MIGRATE_ON_START: 'true',
      WORKER_CONCURRENCY: '10',
      AUTH_FAILURE_LIMIT: String(AUTH_FAILURE_LIMIT),
      // The webhook receiver is a local plain-http server.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_REQUIRE_HTTPS: 'false',
    };
    queues = new JobQueues(
      Object.assign(new AppConfig(), { REDIS_URL: redis.url, REDIS_PREFIX: env.REDIS_PREFIX }),
    );
    for (const n of [1, 2]) {
      const port = await freePort();
      apis.push({
        name: `api-${n}`,
        process: startAppProcess(`api-${n}`, main.api, { ...env, PORT: String(port) }),
        http: request(`http://127.0.0.1:${port}`),
      });
      const metricsPort = await freePort();
      workers.push({
        name: `worker-${n}`,
        process: startAppProcess(`worker-${n}`, main.worker, {
          ...env,
          WORKER_METRICS_PORT: String(metricsPort),
        }),
        metricsUrl: `http://127.0.0.1:${metricsPort}`,
      });
    }
    await Promise.all([
      ...apis.map(({ http }) =>
        eventually(async () => (await http.get('/v1/health').catch(() => undefined))?.status === 200, 90_000),
      ),
      ...workers.map(({ process }) => process.waitForLine(/Running \d+ job kinds/, 90_000)),
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map(({ process }) => process.stop()));
    await queues?.onApplicationShutdown();
    await Promise.all([db?.drop(), redis?.stop(), smtp?.close(), hooks?.close()]);
  });

  /**
   * Adds `COPIES` runs of a periodic job at once. The shared schedule fires once per period, but
   * runs can still overlap (a slow run still going when the next fires, a stalled job run again):
   * here they do on purpose, spread over both workers.
   */
  const runEverywhere = async (name: JobName) => {
    await queues!.queue(queueOf(name)).addBulk(
      Array.from({ length: COPIES }, () => ({
        name,
        data: {},
        opts: { removeOnComplete: true, removeOnFail: 100 },
      })),
    );
  };

  const jobsCompleted = async (name: JobName) => {
    const counts = await Promise.all(
      workers.map((w) => metric(w, 'leerlus_jobs_total', { name, outcome: 'completed' })),
    );
    return counts.reduce((a, b) => a + b, 0);
  };

  it('serves one set of data through both apis: fixtures, incidents, series, one winner of two PATCHes', async () => {
    // Both apis see Postgres, Redis and a worker's heartbeat.
    for (const { http } of apis)
      await eventually(async () => (await http.get('/v1/health').expect(200)).body.worker.status === 'up');
    // Each step goes to the other api than the step before, so a token or a row made through one
    // api is used through the other.
    let i = 0;
    for (const n of [0, 1]) {
      const org = await createOrganisation(api(i++).http, TOKEN, `Ministerie van Opschaling ${n + 1}`);
      // The organisation came in at the start of the quarter the quarter close freezes.
      await db.query(`UPDATE organisations SET created_at = $2 WHERE id = $1`, [
        org.organisationId,
        QuarterCloseSchedule.quarterToClose(new Date()).startsAt,
      ]);
      const chainId = await createChainWithTriangle(api(i++).http, org.admin.token, {
        owner: org.admin.id,
        commissioner: org.lead.id,
        contractor: org.member.id,
      });
      const path = `/hooks/${n}`;
      const subscription = await api(i++)
        .http.post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({
          url: `${hooks.url}${path}`,
          events: ['agenda.published', 'session.reminder', 'report.published'],
        })
        .expect(201);
      hooks.secrets.set(path, subscription.body.secret);
      const incidentIds: string[] = [];
      for (const title of ['Betaalbatch viel uit', 'Brieven naar verkeerd adres', 'Portaal traag']) {
        const incident = await api(i++)
          .http.post('/v1/incidents')
          .set(bearer(org.member.token))
          .send({
            chainId,
            title,
            description: 'Gemeld tijdens de opschaaloefening.',
            occurredAt: new Date(Date.now() - 3600_000).toISOString(),
            severity: 'high',
            publicAttention: 'national',
            source: 'media',
          })
          .expect(201);
        incidentIds.push(incident.body.id);
      }
      // Daily at this time of day from 30 s on: the first session's agenda (lead time 12 h) is due
      // now and its reminders within seconds; a year ahead, the next occurrence enters the horizon
      // once its time of day has passed, which is the daily horizon job's work.
      const firstStart = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000);
      const series = await api(i++)
        .http.post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title: `Ketenreflectie ${n + 1}`,
          kind: 'chain',
          chainId,
          chairId: org.lead.id,
          rrule: 'FREQ=DAILY',
          firstStart: firstStart.toISOString(),
          durationMinutes: 30,
          agendaLeadTime: 'PT12H',
          reminderOffsets: ['PT20S', 'PT12S'],
          skipPublicHolidays: false,
        })
        .expect(201);
      tenants.push({ org, chainId, seriesId: series.body.id, firstStart, incidentIds });
    }

    // The agendas and the quarter close, on both workers at once.
    await runEverywhere(JobName.DispatchAgendas);
    await runEverywhere(JobName.CloseQuarter);

    // The same incident changed through both apis with the version both read: one wins.
    const [{ org, incidentIds }] = tenants;
    const patches = await Promise.all(
      apis.map(({ name, http }) =>
        http
          .patch(`/v1/incidents/${incidentIds[0]}`)
          .set(bearer(org.admin.token))
          .send({ title: `Betaalbatch viel uit (${name})`, version: 1 }),
      ),
    );
    expect(patches.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = patches.find((r) => r.status === 200)!;
    const loser = patches.find((r) => r.status === 409)!;
    expect(loser.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(loser.body).toEqual(expect.objectContaining({ status: 409 }));
    expect(winner.body.version).toBe(2);
    const reads = await Promise.all(
      apis.map(({ http }) =>
        http.get(`/v1/incidents/${incidentIds[0]}`).set(bearer(org.lead.token)).expect(200),
      ),
    );
    expect(reads[0].body).toEqual(reads[1].body);
    expect(reads[0].body).toEqual(expect.objectContaining({ version: 2, title: winner.body.title }));
  });

  it('runs the horizon job on both workers and keeps one session per occurrence', async () => {
    const before = await sessionCounts();
    // Past the first session's time of day, the occurrence a year ahead is within the horizon.
    const latest = Math.max(...tenants.map((t) => t.firstStart.getTime()));
    await new Promise((done) => setTimeout(done, Math.max(0, latest + 1_000 - Date.now())));
    const done = await jobsCompleted(JobName.ExtendHorizon);
    await runEverywhere(JobName.ExtendHorizon);
    await eventually(async () => (await jobsCompleted(JobName.ExtendHorizon)) >= done + COPIES, 30_000);

    const after = await sessionCounts();
    for (const tenant of tenants) {
      // Exactly one new session, at the occurrence a year after the first.
      expect(after.get(tenant.seriesId)).toBe(before.get(tenant.seriesId)! + 1);
      const yearOn = DateTime.fromJSDate(tenant.firstStart, { zone: 'Europe/Amsterdam' }).plus({
        months: 12,
      });
      const rows = await db.query(
        `SELECT id FROM reflection_sessions WHERE series_id = $1 AND occurrence_start = $2`,
        [tenant.seriesId, yearOn.toJSDate()],
      );
      expect(rows).toHaveLength(1);
    }
    expect(
      await db.query(
        `SELECT series_id, occurrence_start FROM reflection_sessions
         GROUP BY series_id, occurrence_start HAVING count(*) > 1`,
      ),
    ).toEqual([]);

    // Both apis list the same sessions.
    for (const tenant of tenants) {
      const [first, second] = await Promise.all(apis.map((a) => allSessions(a, tenant)));
      expect(first.length).toBe(after.get(tenant.seriesId));
      expect(second).toEqual(first);
    }
  }, 60_000);

  it('delivers every planned message once although two workers deliver', async () => {
    // Everything due by now is out: the agendas, the reminders, the quarter-close reports.
    const unsent = async () =>
      db.query(
        `SELECT id, kind, status FROM notifications
         WHERE status NOT IN ('sent', 'cancelled') AND due_at <= now()`,
      );
    await eventually(async () => (await unsent()).length === 0, 30_000).catch(async (error) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(await unsent())}`);
    });
    // A second copy would arrive within moments (a job run twice, or added again).
    await new Promise((done) => setTimeout(done, 2_000));

    const sent: { id: string; organisation_id: string; channel: string; kind: string }[] = await db.query(
      `SELECT id, organisation_id, channel, kind FROM notifications WHERE status = 'sent'`,
    );
    for (const { org } of tenants) {
      const kinds: Record<string, number> = {};
      for (const row of sent.filter((r) => r.organisation_id === org.organisationId))
        kinds[row.kind] = (kinds[row.kind] ?? 0) + 1;
      // Three invited (the chain's triangle, the chair among them), one lead, one subscription.
      expect(kinds).toEqual({
        agenda: 3,
        'agenda.published': 1,
        'session-reminder': 6,
        'session.reminder': 2,
        'quarterly-report': 1,
        'report.published': 1,
      });
    }

    const arrived = new Map<string, number>();
    const count = (id: string) => arrived.set(id, (arrived.get(id) ?? 0) + 1);
    for (const mail of smtp.messages)
      count(/^<([^@>]+)@/.exec(mail.messageId ?? '')?.[1] ?? `?${mail.messageId}`);
    for (const hook of hooks.received) count(hook.id);
    expect([...arrived.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect([...arrived.keys()].sort()).toEqual(sent.map((r) => r.id).sort());
    expect(hooks.received.every((h) => h.signatureValid)).toBe(true);

    // Both workers took part, and together they sent each message once.
    const sentBy = await Promise.all(
      workers.map((w) => metric(w, 'leerlus_delivery_attempts_total', { outcome: 'sent' })),
    );
    expect(sentBy.reduce((a, b) => a + b, 0)).toBe(sent.length);
    expect(sentBy.every((n) => n > 0)).toBe(true);
    const periodicBy = await Promise.all(
      workers.map(async (w) => {
        let total = 0;
        for (const name of [JobName.DispatchAgendas, JobName.CloseQuarter, JobName.ExtendHorizon])
          total += await metric(w, 'leerlus_jobs_total', { name, outcome: 'completed' });
        return total;
      }),
    );
    expect(periodicBy.every((n) => n > 0)).toBe(true);
  }, 60_000);

  it('freezes one quarter-close snapshot per organisation; both apis report the same', async () => {
    const closed = QuarterCloseSchedule.quarterToClose(new Date());
    const current = Quarter.containing(new Date());
    for (const { org } of tenants) {
      const snapshots = await db.query(
        `SELECT id, year, quarter FROM report_snapshots WHERE organisation_id = $1 AND reason = 'quarter-close'`,
        [org.organisationId],
      );
      expect(snapshots).toEqual([{ id: expect.any(String), year: closed.year, quarter: closed.quarter }]);
      const lists = await Promise.all(
        apis.map((a) =>
          a.http.get('/v1/reports/quarterly-snapshots').set(bearer(org.lead.token)).expect(200),
        ),
      );
      expect(lists[1].body).toEqual(lists[0].body);
      expect(lists[0].body.items.map((s: { id: string }) => s.id)).toEqual([snapshots[0].id]);

      for (const quarter of [closed, current]) {
        const reports = await Promise.all(
          apis.map((a) =>
            a.http
              .get(`/v1/reports/quarterly?year=${quarter.year}&quarter=${quarter.quarter}`)
              .set(bearer(org.lead.token))
              .expect(200),
          ),
        );
        // Only the moment of computing differs.
        const [first, second] = reports.map(({ body }) => ({
          ...body,
          generatedAt: undefined,
          dataAsOf: undefined,
        }));
        expect(second).toEqual(first);
      }
    }
  });

  it('counts failed authentications across both apis', async () => {
    // A client behind the (trusted, loopback) proxy guesses tokens, alternating between the apis.
    const guesser = { 'X-Forwarded-For': '203.0.113.7' };
    // A colleague behind the same proxy worked on the first api before.
    await api(0).http.get('/v1/incidents').set(guesser).set(bearer(tenants[0].org.member.token)).expect(200);
    for (let k = 0; k < AUTH_FAILURE_LIMIT; k++)
      await api(k)
        .http.get('/v1/incidents')
        .set(guesser)
        .set(bearer(`guessed-${randomBytes(16).toString('hex')}`))
        .expect(401);
    // Half the guesses went to each api, yet both now refuse that client's next guess.
    for (const { http } of apis)
      await http
        .get('/v1/incidents')
        .set(guesser)
        .set(bearer(`guessed-${randomBytes(16).toString('hex')}`))
        .expect(429);
    // The colleague's token, which worked from that address, is not refused; other clients neither.
    await api(0).http.get('/v1/incidents').set(guesser).set(bearer(tenants[0].org.member.token)).expect(200);
    await api(1)
      .http.get('/v1/incidents')
      .set({ 'X-Forwarded-For': '203.0.113.8' })
      .set(bearer(tenants[0].org.member.token))
      .expect(200);
  });

  it('stops cleanly, and no process logged an error', async () => {
    const exits = await Promise.all([...apis, ...workers].map(({ process }) => process.stop()));
    // Shut down by SIGTERM through the shutdown hooks, not killed after the grace time.
    for (const exit of exits) expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    const statusOf = (line: LogLine) => (line.json?.res as { statusCode?: number } | undefined)?.statusCode;
    for (const { name, process } of [...apis, ...workers]) {
      const unexpected = process.lines.filter(
        (line) =>
          (line.json ? (line.json.level ?? 0) >= 40 : line.text.trim() !== '') &&
          // An api logs a 4xx answer as a warning; the ones this test asked for are counted below.
          !(apis.some((a) => a.name === name) && [401, 409, 429].includes(statusOf(line) ?? 0)),
      );
      expect({ name, unexpected: unexpected.map((line) => line.text) }).toEqual({ name, unexpected: [] });
    }
    const refused: Record<number, number> = {};
    for (const line of apis.flatMap((a) => a.process.lines)) {
      const status = statusOf(line) ?? 0;
      if (status >= 400) refused[status] = (refused[status] ?? 0) + 1;
    }
    // The PATCH that lost, the guesses, and the guesser's refused requests: nothing else.
    expect(refused).toEqual({ 401: AUTH_FAILURE_LIMIT, 409: 1, 429: 2 });
  }, 30_000);

  async function sessionCounts(): Promise<Map<string, number>> {
    const rows: { series_id: string; n: number }[] = await db.query(
      `SELECT series_id, count(*)::int AS n FROM reflection_sessions GROUP BY series_id`,
    );
    return new Map(rows.map((r) => [r.series_id, r.n]));
  }

  async function allSessions(a: Api, tenant: Tenant): Promise<unknown[]> {
    const items: unknown[] = [];
    for (let page = 1; ; page++) {
      const response = await a.http
        .get(`/v1/reflection-series/${tenant.seriesId}/sessions?page=${page}&pageSize=100`)
        .set(bearer(tenant.org.member.token))
        .expect(200);
      items.push(...response.body.items);
      if (items.length >= response.body.total || response.body.items.length === 0) return items;
    }
  }
});

/** A counter from a worker's /metrics, summed over the series whose labels include `labels`. */
async function metric(worker: Worker, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${worker.metricsUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.entries(labels).every(([key, value]) => match[2].includes(`${key}="${value}"`));
    if (has) total += Number(match[3]);
  }
  return total;
}
