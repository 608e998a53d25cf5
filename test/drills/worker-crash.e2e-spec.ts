import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { JobName } from '@app/queue';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { createOrganisation } from '../support/fixtures';
import { freshBuild } from '../support/fresh-build';
import { startTestApp } from '../support/test-app';
import { eventually, startTestWorker } from '../support/test-worker';
import { PlannedNotification } from '@app/domain/notifications/planned-notification';

const ROOT = resolve(__dirname, '../..');
let WORKER_MAIN: string;

/**
 * The SIGKILL drill: a real worker process is killed while it is sending a message; after a
 * restart the message is delivered exactly once. Runs the worker compiled from the current sources.
 */
describe('worker killed mid-delivery', () => {
  beforeAll(() => {
    WORKER_MAIN = resolve(freshBuild(), 'apps/worker/src/main.js');
  }, 180_000);

  it('delivers once after a restart', async () => {
    let hold = true;
    let started!: () => void;
    const midDelivery = new Promise<void>((resolve) => (started = resolve));
    const accepted: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        if (hold) {
          // The first worker is stuck here when it is killed: the message is never accepted.
          stream.resume();
          started();
          return;
        }
        stream.resume();
        stream.on('end', () => {
          accepted.push(session.envelope.rcptTo.map((r) => r.address).join(','));
          callback();
        });
      },
    });
    // The killed worker's connection is reset; smtp-server re-emits that on the server, and an
    // 'error' event nobody listens to would crash the test process (read ECONNRESET).
    smtp.on('error', () => undefined);
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const t = await startTestApp({ env: { SMTP_URL: smtpUrl } });
    let child: ChildProcess | undefined;
    try {
      const org = await createOrganisation(t.http, t.systemToken);
      const dedupeKey = `drill:${randomUUID()}`;
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        recipientId: org.member.id,
        channel: NotificationChannel.Email,
        target: 'drill@example.nl',
        // A kind and subject the system no longer writes: sent with the generic text of its payload.
        kind: 'generic' as PlannedNotification['kind'],
        subjectType: 'organisation' as PlannedNotification['subjectType'],
        subjectId: org.organisationId,
        dueAt: new Date(),
        dedupeKey,
        payload: { subject: 'Oefening' },
      });

      const first = spawn(process.execPath, [WORKER_MAIN], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: t.config.DATABASE_URL,
          REDIS_PREFIX: t.config.REDIS_PREFIX,
          SMTP_URL: smtpUrl,
          WORKER_METRICS_PORT: '0',
        },
        stdio: 'ignore',
      });
      child = first;
      const exited = new Promise((done) => first.once('exit', done));
      let giveUp: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          midDelivery,
          new Promise((_, reject) => {
            giveUp = setTimeout(() => reject(new Error('worker never started sending')), 30_000);
          }),
        ]);
      } finally {
        // A timer left running would keep the test process alive for 30 s after the test.
        clearTimeout(giveUp);
      }
      const [claimed] = await t.db.query(`SELECT * FROM notifications WHERE dedupe_key = $1`, [dedupeKey]);
      expect(claimed).toEqual(expect.objectContaining({ status: 'queued', attempts: 1 }));
      expect(new Date(claimed.claimed_until).getTime()).toBeGreaterThan(Date.now());
      first.kill('SIGKILL');
      await exited;

      // The claim lasts a minute by default; let it expire instead of waiting.
      await t.db.query(`UPDATE notifications SET claimed_until = now() - interval '1 second' WHERE id = $1`, [
        claimed.id,
      ]);
      hold = false;
      const worker = await startTestWorker(t.config, {
        worker: { stalledIntervalMs: 1_000, everyOverride: { [JobName.ReconcileNotifications]: 1_000 } },
      });
      try {
        const sent = await eventually(async () => {
          const [row] = await t.db.query(`SELECT * FROM notifications WHERE id = $1`, [claimed.id]);
          return row.status === 'sent' ? row : undefined;
        }, 60_000);
        expect(sent.attempts).toBe(2);
        await new Promise((done) => setTimeout(done, 1_500));
        expect(accepted).toEqual(['drill@example.nl']);
      } finally {
        await worker.close();
      }
    } finally {
      // A test that failed before the kill must not leave the worker process running.
      if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await t.close();
      await new Promise<void>((done) => smtp.close(() => done()));
    }
  }, 120_000);
});
