import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { JobName } from '@app/queue';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { insertSession, SessionFixture } from '../support/delivery-fixtures';
import { createOrganisation, OrgFixture } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { startSmtpServer, TestSmtpServer } from '../support/test-smtp-server';
import { eventually, startTestWorker, TestWorker } from '../support/test-worker';
import { startPrivateRedis, PrivateRedis } from './support/private-redis';

const REMINDERS = 200;

/**
 * Drill: Redis loses everything while 200 reminders are due within seconds — flushed, or killed
 * and restarted empty — in the middle of their delivery. Postgres is the truth (outbox,
 * reconciler, atomic claim): every reminder arrives, and none twice, counted by Message-ID at
 * the SMTP server. Runs on a private redis-server, never the shared one.
 */
describe('drill: Redis flushed or restarted with reminders pending', () => {
  let redis: PrivateRedis;
  let smtp: TestSmtpServer;
  let t: TestApp;
  let org: OrgFixture;
  let session: SessionFixture;
  let worker: TestWorker | undefined;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { REDIS_URL: redis.url, SMTP_URL: smtp.url } });
    org = await createOrganisation(t.http, t.systemToken);
    session = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      start: new Date(Date.now() + 86400_000).toISOString(),
    });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await redis?.stop();
  });

  const startWorker = () =>
    startTestWorker(t.config, {
      worker: {
        everyOverride: { [JobName.DispatchNotifications]: 300, [JobName.ReconcileNotifications]: 1_000 },
      },
    });

  /** 200 reminders due evenly over the next `fromMs`..`fromMs + 4 s`. */
  async function planReminders(fromMs: number): Promise<string[]> {
    const batch = randomUUID();
    const writer = t.app.get(NotificationWriter);
    const manager = t.app.get(DataSource).manager;
    const start = Date.now() + fromMs;
    // One transaction: 200 commits of their own can take seconds on a busy machine, eating into
    // `fromMs`, so that the reminders could all be out before Redis was flushed or killed.
    await manager.transaction(async (m) => {
      for (let i = 0; i < REMINDERS; i++) {
        await writer.plan(m, {
          organisationId: org.organisationId,
          recipientId: org.member.id,
          channel: NotificationChannel.Email,
          target: `deelnemer.${i}@example.nl`,
          kind: 'session-reminder',
          subjectType: 'reflection-session',
          subjectId: session.sessionId,
          dueAt: new Date(start + Math.floor((4_000 * i) / REMINDERS)),
          dedupeKey: `drill:${batch}:${i}`,
        });
      }
    });
    const rows = await t.db.query(`SELECT id FROM notifications WHERE dedupe_key LIKE $1`, [
      `drill:${batch}:%`,
    ]);
    expect(rows).toHaveLength(REMINDERS);
    return rows.map((r: { id: string }) => r.id);
  }

  const statuses = async (ids: string[]) =>
    Object.fromEntries(
      (
        await t.db.query(
          `SELECT status, count(*)::int AS n FROM notifications WHERE id = ANY($1) GROUP BY status`,
          [ids],
        )
      ).map((r: { status: string; n: number }) => [r.status, r.n]),
    ) as Record<string, number>;

  /** How often each row's message arrived, by Message-ID `<rowId@host>`. */
  const arrivals = (ids: string[]) => {
    const wanted = new Set(ids);
    const counts = new Map<string, number>();
    for (const mail of smtp.messages) {
      const id = /^<([^@>]+)@/.exec(mail.messageId ?? '')?.[1];
      if (id && wanted.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };

  async function expectEachDeliveredOnce(ids: string[]): Promise<void> {
    await eventually(async () => (await statuses(ids)).sent === REMINDERS, 60_000).catch(async (error) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(await statuses(ids))}`);
    });
    // A second copy would arrive within moments (a retried or re-added job).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const counts = arrivals(ids);
    expect(counts.size).toBe(REMINDERS);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
  }

  it('Redis flushed mid-delivery: none lost, none twice', async () => {
    worker = await startWorker();
    const ids = await planReminders(2_000);
    // The rows are queued (their jobs are in Redis) and the first ones are going out.
    await eventually(async () => ((await statuses(ids)).sent ?? 0) >= 20, 20_000);
    await redis.flushAll();
    await expectEachDeliveredOnce(ids);
  }, 120_000);

  it('Redis killed mid-delivery and restarted empty a few seconds later: none lost, none twice', async () => {
    worker = await startWorker();
    const ids = await planReminders(2_000);
    await eventually(async () => ((await statuses(ids)).sent ?? 0) >= 20, 20_000);
    await redis.kill();
    const sentWhileDown = (await statuses(ids)).sent ?? 0;
    // The rest fall due while Redis is gone.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await redis.start();
    expect(sentWhileDown).toBeLessThan(REMINDERS);
    await expectEachDeliveredOnce(ids);
  }, 120_000);

  it('a worker asked to stop while Redis is down stops within its grace period', async () => {
    const stopping = await startWorker();
    // Running for a while (its blocking reads waiting on Redis), then Redis goes.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    try {
      // Before, closing waited for a Redis that never answered: this test timed out.
      const stopped = await Promise.race([
        stopping.close().then(() => 'stopped'),
        new Promise((resolve) => setTimeout(() => resolve('still running'), 45_000)),
      ]);
      expect(stopped).toBe('stopped');
    } finally {
      await redis.start();
    }
  }, 90_000);
});
