import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { PlannedNotification } from '@app/domain/notifications/planned-notification';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrgFixture } from './support/fixtures';
import { MailingTestApp, startMailingTestApp } from './support/mailing-test-app';
import { planPlainMessage } from './support/plan-plain-message';
import { SmtpHold, TestSmtpServer } from './support/test-smtp-server';
import { TestApp } from './support/test-app';
import { TestWorker } from './support/test-worker';

/**
 * What happens to a message while it is being sent: planned again, cancelled, or its record of
 * being sent failing for a moment. Nothing is lost and nothing goes twice.
 */
describe('delivery races', () => {
  // The worker runs no jobs of its own: each test delivers its message itself.
  let mailing: MailingTestApp;
  let smtp: TestSmtpServer;
  let t: TestApp;
  let worker: TestWorker;
  let org: OrgFixture;

  beforeAll(async () => {
    mailing = await startMailingTestApp();
    ({ smtp, t, worker, org } = mailing);
  });
  afterAll(() => mailing.close());
  afterEach(() => {
    smtp.hold = null;
    smtp.failing = false;
  });

  const writer = () => t.app.get(NotificationWriter);
  const manager = () => t.app.get(DataSource).manager;
  const deliver = (id: string) => worker.app.get(NotificationDelivery).deliver(id);

  const plan = (extra: Partial<PlannedNotification> = {}) => planPlainMessage(t, org, extra);
  const row = async (id: string) =>
    (
      await t.db.query(
        `SELECT status, due_at, attempts, claimed_until, sent_at FROM notifications WHERE id = $1`,
        [id],
      )
    )[0];
  const received = (target: string) =>
    smtp.messages.filter((m) => JSON.stringify(m.to).includes(target)).length;

  /** Starts a delivery that waits at the SMTP server until the returned hold is released. */
  async function inFlight(id: string) {
    smtp.hold = new SmtpHold();
    const delivery = deliver(id).catch((error: Error) => error);
    await smtp.hold.reached;
    return { hold: smtp.hold, delivery };
  }

  it('keeps a message planned again for another time while it was sent pending for that time', async () => {
    const { id, message } = await plan();
    const { hold, delivery } = await inFlight(id);
    const later = new Date(Date.now() + 3600_000);
    await writer().plan(manager(), { ...message, dueAt: later });
    hold.release();
    await delivery;
    const after = await row(id);
    expect([after.status, after.due_at.getTime(), after.claimed_until, after.sent_at]).toEqual([
      'pending',
      later.getTime(),
      null,
      null,
    ]);
    expect(received(message.target)).toBe(1);
  });

  it('records as sent a message planned again unchanged while it was sent: it does not go twice', async () => {
    const { id, message } = await plan();
    const { hold, delivery } = await inFlight(id);
    await writer().cancelForSubject(
      manager(),
      message.subjectType,
      message.subjectId,
      'the session was held',
    );
    await writer().plan(manager(), message);
    hold.release();
    await delivery;
    expect((await row(id)).status).toBe('sent');
    expect(await deliver(id)).toEqual({ outcome: 'skipped', reason: 'already sent' });
    expect(received(message.target)).toBe(1);
  });

  it('records as sent a message planned again for now while it was sent, as escalations do', async () => {
    const { id, message } = await plan();
    const { hold, delivery } = await inFlight(id);
    await writer().plan(manager(), { ...message, dueAt: new Date() });
    hold.release();
    await delivery;
    expect((await row(id)).status).toBe('sent');
    expect(received(message.target)).toBe(1);
  });

  it('keeps a message planned again for another recipient while it was sent pending for them', async () => {
    const { id, message } = await plan();
    const { hold, delivery } = await inFlight(id);
    const target = `lars-${randomUUID()}@example.nl`;
    await writer().plan(manager(), { ...message, recipientId: org.lead.id, target });
    hold.release();
    await delivery;
    expect((await row(id)).status).toBe('pending');
    expect(await deliver(id)).toEqual(expect.objectContaining({ outcome: 'sent' }));
    expect([received(message.target), received(target)]).toEqual([1, 1]);
  });

  it('keeps a message cancelled while its send failed cancelled, not failed and open to a retry', async () => {
    const { id, message } = await plan({ maxAttempts: 1 });
    smtp.failing = true;
    const { hold, delivery } = await inFlight(id);
    await writer().cancelForSubject(
      manager(),
      message.subjectType,
      message.subjectId,
      'the session was held',
    );
    hold.release();
    expect(await delivery).toBeInstanceOf(Error);
    expect((await row(id)).status).toBe('cancelled');
    expect(received(message.target)).toBe(0);
    // The log keeps both: the error of the attempt does not take the place of why it was cancelled.
    const [log] = await t.db.query(`SELECT last_error, cancel_reason FROM notifications WHERE id = $1`, [id]);
    expect(log).toEqual({
      last_error: expect.stringMatching(/temporarily unavailable/),
      cancel_reason: 'the session was held',
    });
  });

  it('records a send through a moment the database refuses it, so the reconciler does not send it again', async () => {
    const { id, message } = await plan();
    // The first attempt to mark it sent fails, as on a dropped connection or a failover.
    // (A sequence, since a failing statement takes back whatever else it wrote.)
    await t.db.query(`CREATE SEQUENCE refuse_sent_once`);
    await t.db.query(`
      CREATE FUNCTION refuse_sent_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'sent' AND nextval('refuse_sent_once') = 1 THEN RAISE EXCEPTION 'connection reset'; END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(
      `CREATE TRIGGER refuse_sent_once BEFORE UPDATE ON notifications FOR EACH ROW EXECUTE FUNCTION refuse_sent_once()`,
    );
    try {
      expect((await deliver(id)).outcome).toBe('sent');
      const after = await row(id);
      expect([after.status, after.attempts, after.claimed_until]).toEqual(['sent', 1, null]);
      expect(received(message.target)).toBe(1);
    } finally {
      await t.db.query(`DROP TRIGGER refuse_sent_once ON notifications`);
    }
  });
});
