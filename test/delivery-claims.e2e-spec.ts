import { DeliveryQueue } from '@app/domain/notifications/delivery-queue';
import { DeliverySettings } from '@app/domain/notifications/delivery-settings';
import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { PlannedNotification } from '@app/domain/notifications/planned-notification';
import { LEAST_AGENDA_LEAD_TIME } from '@app/domain/reflection/least-agenda-lead-time';
import { JobName, PERIODIC_JOBS } from '@app/queue';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { insertSession } from './support/delivery-fixtures';
import { createOrganisation, OrgFixture } from './support/fixtures';
import { planPlainMessage } from './support/plan-plain-message';
import { SmtpHold, startSmtpServer, TestSmtpServer } from './support/test-smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { eventually, startTestWorker, TestWorker } from './support/test-worker';

/**
 * A delivery's claim on its row: short, so what a killed worker was sending goes again soon, and
 * renewed while a delivery runs, so a slow send is not taken over and sent twice.
 */
describe('delivery claims', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let org: OrgFixture;
  let worker: TestWorker | undefined;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterEach(async () => {
    smtp.hold = null;
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const manager = () => t.app.get(DataSource).manager;
  // FOR SHARE: waits for an update of the row under way (a renewal already counted, not yet committed).
  const row = async (id: string) =>
    (
      await t.db.query(
        `SELECT status, attempts, claimed_until, sent_at, last_error FROM notifications WHERE id = $1 FOR SHARE`,
        [id],
      )
    )[0];
  const received = (target: string) =>
    smtp.messages.filter((m) => JSON.stringify(m.to).includes(target)).length;

  it('sends an agenda a killed worker was sending before its session, with the shortest lead time', async () => {
    // Production's timing, six times faster: the default claim, the reconciler's period and the
    // shortest agenda lead time (2 min) keep their proportions.
    const scale = 6;
    const claimMs = new DeliverySettings().claimMs / scale;
    const reconcileEvery = PERIODIC_JOBS.find((j) => j.name === JobName.ReconcileNotifications)!.every!;
    worker = await startTestWorker(t.config, {
      delivery: { claimMs },
      worker: { everyOverride: { [JobName.ReconcileNotifications]: reconcileEvery / scale } },
    });
    const dueAt = new Date();
    const start = new Date(dueAt.getTime() + (LEAST_AGENDA_LEAD_TIME.minutes * 60_000) / scale);
    const { sessionId } = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Reflectie met korte aanloop',
      start: start.toISOString(),
      agendaSent: true,
      agenda: [{ title: 'Thema: bereikbaarheid', timeboxMinutes: 30, kind: 'theme' }],
    });
    const target = `agenda-${randomUUID()}@example.nl`;
    const dedupeKey = `claims:${randomUUID()}`;
    // What a worker killed while it sent the agenda leaves: the row claimed (attempt counted) by
    // it as the code claims, and its job, which BullMQ hands to a live worker once it stalled.
    const id = await t.app.get(DataSource).transaction(async (m) => {
      await t.app.get(NotificationWriter).plan(m, {
        organisationId: org.organisationId,
        recipientId: org.member.id,
        channel: NotificationChannel.Email,
        target,
        kind: 'agenda',
        subjectType: 'reflection-session',
        subjectId: sessionId,
        dueAt,
        dedupeKey,
      });
      const [[claimed]] = await m.query(
        `UPDATE notifications SET status = 'queued', attempts = 1, claimed_until = $2 WHERE dedupe_key = $1
         RETURNING id`,
        [dedupeKey, new Date(dueAt.getTime() + claimMs)],
      );
      return claimed.id as string;
    });
    await worker.app.get(DeliveryQueue).enqueue([{ id, dueAt, maxAttempts: 5 }], false);

    const done = await eventually(async () => {
      const r = await row(id);
      return r.status === 'sent' || r.status === 'cancelled' ? r : undefined;
    }, 60_000);
    // Not "the session has begun": it went before the session, once, after the dead worker's attempt.
    expect([done.status, done.last_error, done.attempts]).toEqual(['sent', null, 2]);
    expect(new Date(done.sent_at).getTime()).toBeLessThan(start.getTime());
    expect(received(target)).toBe(1);
  }, 90_000);

  describe('a delivery that takes longer than its claim', () => {
    // Jobs would deliver the same rows: each test delivers its message itself.
    const claimMs = 2_000;
    beforeEach(async () => {
      worker = await startTestWorker(t.config, { runJobs: false, delivery: { claimMs } });
      // Counts statements that update notifications, so a test knows a renewal was tried.
      await t.db.query(`CREATE SEQUENCE IF NOT EXISTS notification_updates`);
      await t.db.query(`
        CREATE OR REPLACE FUNCTION count_notification_updates() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM nextval('notification_updates'); RETURN NULL; END $$`);
      await t.db.query(`
        CREATE OR REPLACE TRIGGER count_notification_updates AFTER UPDATE ON notifications
        FOR EACH STATEMENT EXECUTE FUNCTION count_notification_updates()`);
    });
    /** Every hold a test set, released after it (also when it failed): no delivery waits for ever. */
    const holds: SmtpHold[] = [];
    afterEach(async () => {
      for (const hold of holds.splice(0)) hold.release();
      await t.db.query(`DROP TRIGGER count_notification_updates ON notifications`);
    });

    const deliver = (id: string) => worker!.app.get(NotificationDelivery).deliver(id);
    const hold = () => {
      const held = new SmtpHold();
      holds.push(held);
      return (smtp.hold = held);
    };
    const updates = async () =>
      Number((await t.db.query(`SELECT last_value FROM notification_updates`))[0].last_value);
    /** Waits until the delivery renewed its claim: its heartbeat runs. */
    const renewed = async (id: string, claimedUntil: number) =>
      eventually(async () => new Date((await row(id)).claimed_until).getTime() > claimedUntil);
    /** Waits until the delivery tried to renew its claim once more (any update statement counts). */
    const oneMoreBeat = async () => {
      const before = await updates();
      await eventually(async () => (await updates()) > before);
    };

    const plan = (extra: Partial<PlannedNotification> = {}) => planPlainMessage(t, org, extra);

    /** Starts a delivery that waits at the SMTP server until the returned hold is released. */
    async function inFlight(id: string) {
      const held = hold();
      const delivery = deliver(id).catch((error: Error) => error);
      await held.reached;
      return { hold: held, delivery, claimedUntil: new Date((await row(id)).claimed_until).getTime() };
    }

    it('keeps its claim while it sends, so another job does not send it a second time', async () => {
      const { id, message } = await plan();
      const first = await inFlight(id);
      // Past the claim it took: without renewal any worker could claim and send it now.
      await eventually(async () => Date.now() > first.claimedUntil + 200);
      const again = hold();
      const second = deliver(id);
      // Either the second delivery gives way, or it reaches the mail server too.
      const raced = await Promise.race([second, again.reached.then(() => 'sending a second time')]);
      expect(raced).toEqual({ outcome: 'claimed', until: expect.any(Date) });
      expect((raced as { until: Date }).until.getTime()).toBeGreaterThan(first.claimedUntil);
      first.hold.release();
      again.release();
      expect(await first.delivery).toEqual(expect.objectContaining({ outcome: 'sent' }));
      await second;
      const after = await row(id);
      expect([after.status, after.attempts, after.claimed_until]).toEqual(['sent', 1, null]);
      expect(received(message.target)).toBe(1);
    });

    it('does not renew a claim another worker took over after it lapsed', async () => {
      const { id } = await plan();
      const { hold: held, delivery, claimedUntil } = await inFlight(id);
      await renewed(id, claimedUntil);
      // Another worker's claim (its attempt counted), as when this one stalled past its claim.
      const theirs = new Date(Date.now() + 3600_000);
      await t.db.query(`UPDATE notifications SET attempts = attempts + 1, claimed_until = $2 WHERE id = $1`, [
        id,
        theirs,
      ]);
      await oneMoreBeat();
      const after = await row(id);
      expect([after.status, after.attempts, new Date(after.claimed_until).getTime()]).toEqual([
        'pending',
        2,
        theirs.getTime(),
      ]);
      held.release();
      await delivery;
    });

    it('does not renew the claim of a message cancelled while it is sent', async () => {
      const { id, message } = await plan();
      const { hold: held, delivery, claimedUntil } = await inFlight(id);
      await renewed(id, claimedUntil);
      await t.app
        .get(NotificationWriter)
        .cancelForSubject(manager(), message.subjectType, message.subjectId, 'the session was held');
      const cancelled = new Date((await row(id)).claimed_until).getTime();
      await oneMoreBeat();
      const after = await row(id);
      expect([after.status, new Date(after.claimed_until).getTime()]).toEqual(['cancelled', cancelled]);
      held.release();
      await delivery;
    });
  });
});
