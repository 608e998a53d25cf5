import { Client } from 'pg';
import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import { NotificationDispatcher } from '@app/domain/notifications/notification-dispatcher.service';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { AppConfig } from '@app/config';
import {
  JobName,
  JobQueues,
  OnJob,
  QueueName,
  REDIS_CLIENT,
  workerHeartbeatKey,
  workerStoppedKey,
} from '@app/queue';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WorkerMetrics } from '../apps/worker/src/metrics/worker-metrics.service';
import { WorkerHeartbeat } from '../apps/worker/src/worker-heartbeat.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { insertSession, SessionFixture } from './support/delivery-fixtures';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startSmtpServer, TestSmtpServer } from './support/test-smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { TestClock } from './support/test-clock';
import { eventually, flushRedisPrefix, startTestWorker, TestWorker } from './support/test-worker';
import { PlannedNotification } from '@app/domain/notifications/planned-notification';

describe('worker: dispatch, delivery and reconciliation against real Redis and Postgres', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let org: OrgFixture;
  let session: SessionFixture;
  let worker: TestWorker | undefined;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    org = await createOrganisation(t.http, t.systemToken);
    session = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      start: new Date(Date.now() + 3 * 86400_000).toISOString(),
    });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const fast = () =>
    startTestWorker(t.config, {
      worker: {
        everyOverride: { [JobName.DispatchNotifications]: 300, [JobName.ReconcileNotifications]: 1_000 },
      },
    });

  async function plan(
    dueAt: Date,
    overrides: { maxAttempts?: number; kind?: PlannedNotification['kind']; id?: string } = {},
  ) {
    const id = overrides.id ?? randomUUID();
    const dedupeKey = `test:${id}`;
    await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
      organisationId: org.organisationId,
      recipientId: org.member.id,
      channel: NotificationChannel.Email,
      target: `reminder-${id}@example.nl`,
      kind: overrides.kind ?? 'session-reminder',
      subjectType: 'reflection-session',
      subjectId: session.sessionId,
      dueAt,
      dedupeKey,
      maxAttempts: overrides.maxAttempts,
    });
    const [row] = await t.db.query(`SELECT id, target FROM notifications WHERE dedupe_key = $1`, [dedupeKey]);
    return row as { id: string; target: string };
  }

  const received = (target: string) =>
    smtp.messages.filter((m) => JSON.stringify(m.to ?? '').includes(target));
  const row = async (id: string) => (await t.db.query(`SELECT * FROM notifications WHERE id = $1`, [id]))[0];

  it('delivers a reminder planned 2 s ahead once, within 5 s of its due time', async () => {
    worker = await fast();
    const dueAt = new Date(Date.now() + 2_000);
    const planned = await plan(dueAt);
    const sent = await eventually(async () => {
      const r = await row(planned.id);
      return r.status === 'sent' ? r : undefined;
    });
    expect(sent.attempts).toBe(1);
    const lag = new Date(sent.sent_at).getTime() - dueAt.getTime();
    expect(lag).toBeGreaterThanOrEqual(-1_000);
    expect(lag).toBeLessThan(5_000);
    await eventually(async () => received(planned.target).length === 1);
    const [mail] = received(planned.target);
    expect(mail.subject).toMatch(/^Herinnering: Reflectie directieraad/);
    expect(mail.text).toContain('Beste Mo Medewerker');
    // Nothing more arrives later.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(received(planned.target)).toHaveLength(1);
  });

  it('never sends twice: enqueueing again, reconciling and re-running the job', async () => {
    worker = await fast();
    // Far enough ahead that its job is still there to be looked up below (a completed job is removed).
    const planned = await plan(new Date(Date.now() + 4_000));
    const dispatcher = worker.app.get(NotificationDispatcher);
    await dispatcher.dispatchDue();
    await dispatcher.dispatchDue();
    await dispatcher.reconcile();
    const jobs = await t.app.get(JobQueues).queue(QueueName.Notifications).getJob(planned.id);
    expect(jobs?.id).toBe(planned.id);
    await eventually(async () => (await row(planned.id)).status === 'sent');
    // A retried or duplicated job for a row already sent does nothing.
    const again = await worker.app.get(NotificationDelivery).deliver(planned.id);
    expect(again).toEqual({ outcome: 'skipped', reason: 'already sent' });
    await dispatcher.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(received(planned.target)).toHaveLength(1);
    expect((await row(planned.id)).attempts).toBe(1);
  });

  it('skips a row cancelled after it was queued', async () => {
    worker = await fast();
    // Far enough ahead that it is cancelled before its job fires, on a busy machine too.
    const planned = await plan(new Date(Date.now() + 4_000));
    await eventually(async () => (await row(planned.id)).status === 'queued');
    const cancelled = await t.app
      .get(NotificationWriter)
      .cancelForSubject(
        t.app.get(DataSource).manager,
        'reflection-session',
        session.sessionId,
        'the session was held',
        ['session-reminder'],
      );
    expect(cancelled).toBeGreaterThanOrEqual(1);
    // The delayed job fires at the due time, finds the row cancelled and is removed when it completes.
    const queue = t.app.get(JobQueues).queue(QueueName.Notifications);
    await eventually(async () => (await queue.getJob(planned.id)) === undefined);
    expect((await row(planned.id)).status).toBe('cancelled');
    expect(received(planned.target)).toHaveLength(0);
  });

  it('leaves a row a transaction holds pending for the next round rather than wait for it', async () => {
    // Its own rounds far apart: this test runs them. The round a worker runs when it starts must
    // not queue the row before the edit holds it: the row is due beyond its look-ahead, and this
    // test's rounds run an hour later by the worker's clock.
    const clock = new TestClock();
    worker = await startTestWorker(t.config, {
      clock,
      worker: { everyOverride: { [JobName.DispatchNotifications]: 3_600_000 } },
    });
    const planned = await plan(new Date(Date.now() + 3_600_000));
    const editor = new Client({ connectionString: t.db.url });
    await editor.connect();
    try {
      await editor.query('BEGIN');
      await editor.query(`SELECT 1 FROM notifications WHERE id = $1 FOR UPDATE`, [planned.id]);
      expect((await row(planned.id)).status).toBe('pending');
      clock.advance(3_600_000);
      // Waiting for the lock would take as long as the edit does, and deadlock with one that
      // locks several rows: the round goes on without it.
      const round = worker.app.get(NotificationDispatcher).dispatchDue();
      const waited = new Promise((resolve) => setTimeout(() => resolve('waited for the lock'), 5_000));
      expect(await Promise.race([round.then(() => 'done'), waited])).toBe('done');
      expect((await row(planned.id)).status).toBe('pending');
      await editor.query('COMMIT');
      await worker.app.get(NotificationDispatcher).dispatchDue();
      expect((await row(planned.id)).status).toBe('queued');
      expect((await row(planned.id)).status).toBe('queued');
    } finally {
      await editor.query('ROLLBACK').catch(() => undefined);
      await editor.end();
    }
  });

  it('restores what a Redis flush lost from Postgres, and delivers each once', async () => {
    worker = await fast();
    const rows = await Promise.all([1, 2, 3].map((i) => plan(new Date(Date.now() + 2_500 + i * 100))));
    const statuses = async () =>
      (await t.db.query(`SELECT status FROM notifications WHERE id = ANY($1)`, [rows.map((r) => r.id)])).map(
        (r: { status: string }) => r.status,
      );
    await eventually(async () => (await statuses()).every((s) => s === 'queued'));
    // Stopped while Redis is flushed, so nothing restores the jobs before we look.
    await worker.close();
    expect(await flushRedisPrefix(t.config)).toBeGreaterThan(0);
    for (const r of rows) {
      expect(await t.app.get(JobQueues).queue(QueueName.Notifications).getJob(r.id)).toBeUndefined();
    }
    worker = await fast();
    await eventually(async () => (await statuses()).every((s) => s === 'sent'), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const r of rows) expect(received(r.target)).toHaveLength(1);
  });

  it('retries while SMTP is down, then marks the row failed; the retry endpoint delivers it', async () => {
    worker = await fast();
    smtp.failing = true;
    try {
      const planned = await plan(new Date(), { maxAttempts: 3 });
      const failed = await eventually(async () => {
        const r = await row(planned.id);
        return r.status === 'failed' ? r : undefined;
      });
      expect(failed.attempts).toBe(3);
      expect(failed.last_error).toMatch(/451|temporarily unavailable/i);

      const log = await t.http
        .get(`/v1/notifications?status=failed&recipientId=${org.member.id}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(log.body.items.map((n: { id: string }) => n.id)).toContain(planned.id);
      const entry = log.body.items.find((n: { id: string }) => n.id === planned.id);
      expect(entry).toEqual(
        expect.objectContaining({ status: 'failed', attempts: 3, maxAttempts: 3, channel: 'email' }),
      );

      smtp.failing = false;
      // A retry goes to the recipient's address of today.
      const [member] = await t.db.query(`SELECT email FROM people WHERE id = $1`, [org.member.id]);
      const before = received(member.email).length;
      const retried = await t.http
        .post(`/v1/notifications/${planned.id}/retry`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(retried.body).toEqual(expect.objectContaining({ status: 'pending', attempts: 0 }));
      await eventually(async () => (await row(planned.id)).status === 'sent');
      expect(retried.body.target).toBe(member.email);
      expect(received(member.email)).toHaveLength(before + 1);
    } finally {
      smtp.failing = false;
    }
  });

  it('follows a re-planned time, earlier or later, while the row is queued', async () => {
    worker = await fast();
    const earlier = randomUUID();
    const later = randomUUID();
    const a = await plan(new Date(Date.now() + 90_000), { id: earlier });
    // Far enough ahead that it is postponed before its first time comes, on a busy machine too.
    const b = await plan(new Date(Date.now() + 6_000), { id: later });
    await eventually(
      async () => (await row(a.id)).status === 'queued' && (await row(b.id)).status === 'queued',
    );
    const movedTo = new Date(Date.now() + 1_000);
    await plan(movedTo, { id: earlier });
    const postponedTo = new Date(Date.now() + 9_000);
    await plan(postponedTo, { id: later });
    const sentA = await eventually(async () => {
      const r = await row(a.id);
      return r.status === 'sent' ? r : undefined;
    });
    expect(new Date(sentA.sent_at).getTime() - movedTo.getTime()).toBeLessThan(3_000);
    expect((await row(b.id)).status).not.toBe('sent');
    const sentB = await eventually(async () => {
      const r = await row(b.id);
      return r.status === 'sent' ? r : undefined;
    });
    expect(new Date(sentB.sent_at).getTime()).toBeGreaterThanOrEqual(postponedTo.getTime() - 1_000);
    expect(received(a.target)).toHaveLength(1);
    expect(received(b.target)).toHaveLength(1);
  });

  it('recovers a delivery whose worker died holding the claim: once the claim expires it is sent once', async () => {
    // What a worker killed mid-delivery leaves behind: a claimed, queued row, an attempt counted, no job.
    const planned = await plan(new Date(Date.now() - 1_000));
    const [{ claimed_until: claimedUntil }] = await t.db.query(
      `UPDATE notifications SET status = 'queued', attempts = 1, claimed_until = now() + interval '4 seconds'
       WHERE id = $1 RETURNING claimed_until`,
      [planned.id],
    );
    worker = await fast();
    const sent = await eventually(async () => {
      const r = await row(planned.id);
      return r.status === 'sent' ? r : undefined;
    });
    // Not while the claim held (however long the worker took to start), and only once.
    expect(new Date(sent.sent_at).getTime()).toBeGreaterThanOrEqual(new Date(claimedUntil).getTime());
    expect(sent.attempts).toBe(2);
    expect(received(planned.target)).toHaveLength(1);
  });

  it('reports itself in the api health and Prometheus metrics while it runs', async () => {
    // The workers of the tests before stopped cleanly and count as seen: forget them.
    const redis = t.app.get<Redis>(REDIS_CLIENT);
    await redis.del(workerHeartbeatKey(t.config.REDIS_PREFIX), workerStoppedKey(t.config.REDIS_PREFIX));
    const before = await t.http.get('/v1/health').expect(200);
    expect(before.body.worker).toEqual({ status: 'unknown', lastSeenAt: null });
    worker = await fast();
    const up = await t.http.get('/v1/health').expect(200);
    expect(up.body.worker).toEqual({ status: 'up', lastSeenAt: expect.any(String) });

    const planned = await plan(new Date());
    await eventually(async () => (await row(planned.id)).status === 'sent');
    // The job completes (and is counted) just after the row is marked sent.
    const metrics = await eventually(async () => {
      const text = await worker!.app.get(WorkerMetrics).registry.metrics();
      return text.includes('leerlus_jobs_total{name="deliver-notification"') ? text : undefined;
    });
    expect(metrics).toMatch(
      /leerlus_delivery_attempts_total\{channel="email",outcome="sent",process="worker"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /leerlus_notification_lag_seconds_count\{process="worker",kind="session-reminder"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /leerlus_jobs_total\{name="deliver-notification",outcome="completed",process="worker"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /leerlus_queue_jobs\{queue="notifications",state="delayed",process="worker"\} \d+/,
    );

    const api = await t.http.get('/metrics').expect(200);
    expect(api.headers['content-type']).toMatch(/^text\/plain/);
    expect(api.text).toMatch(/leerlus_queue_jobs\{queue="periodic",state="waiting",process="api"\} \d+/);
    expect(api.text).toContain('leerlus_http_request_duration_seconds_bucket');
    await t.http.get('/v1/metrics').expect(404);

    await worker.close();
    worker = undefined;
    // Stopped cleanly, it was still seen: down since it stopped, not unknown (none seen).
    const after = await t.http.get('/v1/health').expect(200);
    expect(after.body.worker).toEqual({ status: 'down', lastSeenAt: expect.any(String) });
    expect(Date.parse(after.body.worker.lastSeenAt)).toBeGreaterThanOrEqual(
      Date.parse(up.body.worker.lastSeenAt),
    );
    worker = await fast();
    expect((await t.http.get('/v1/health').expect(200)).body.worker.status).toBe('up');
  });

  it('forgets workers stopped or gone for a day when one beats', async () => {
    const redis = t.app.get<Redis>(REDIS_CLIENT);
    const [beats, stopped] = [workerHeartbeatKey, workerStoppedKey].map((key) => key(t.config.REDIS_PREFIX));
    const dayAgo = Date.now() - 24 * 3600_000 - 60_000;
    await redis.zadd(beats, dayAgo, 'crashed-long-ago');
    await redis.zadd(stopped, dayAgo, 'stopped-long-ago', Date.now() - 60_000, 'stopped-recently');
    worker = await fast();
    expect(await redis.zrange(beats, 0, -1)).toEqual([worker.app.get(WorkerHeartbeat).id]);
    // The workers of the tests before stopped just now, and are kept with the recent one.
    const kept = await redis.zrange(stopped, 0, -1);
    expect(kept).toContain('stopped-recently');
    expect(kept).not.toContain('stopped-long-ago');
    // Its queues in use before it stops: closed while still connecting, their connections raised
    // "Connection is closed" in the test after this one.
    await worker.app.get(NotificationDispatcher).dispatchDue();
  });

  it('refuses to start when a job has two handlers, naming them', async () => {
    @Injectable()
    class SecondDelivery {
      @OnJob(JobName.DeliverNotification)
      deliver() {
        return undefined;
      }
    }
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule], providers: [SecondDelivery] })
      .overrideProvider(AppConfig)
      .useValue(Object.assign(Object.create(AppConfig.prototype), t.config, { WORKER_METRICS_PORT: 0 }))
      .compile();
    moduleRef.useLogger(false);
    const error = await moduleRef.init().then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toBe(
      'The worker cannot start: job "deliver-notification" has 2 handlers: NotificationsProcessor.deliver, SecondDelivery.deliver.',
    );
    // close() re-throws the failed initialisation before running the shutdown hooks; clear it
    // so the connections opened during boot are closed (main.ts exits the process instead).
    Object.assign(moduleRef, { initializationPromise: Promise.resolve() });
    await moduleRef.close();
  });
});
