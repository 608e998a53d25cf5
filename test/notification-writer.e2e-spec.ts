import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { PlannedNotification } from '@app/domain/notifications/planned-notification';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The outbox plans many messages in one statement exactly as it plans each on its own. */
describe('NotificationWriter.planMany', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  const message = (dedupeKey: string, dueAt: string, target = 'eva@example.nl'): PlannedNotification => ({
    organisationId: org.organisationId,
    recipientId: org.lead.id,
    channel: NotificationChannel.Email,
    target,
    kind: 'session-reminder',
    subjectType: 'reflection-session',
    subjectId: randomUUID(),
    dueAt: new Date(dueAt),
    dedupeKey,
    payload: { offset: 'P1D' },
  });
  const rows = (keys: string[]) =>
    t.db.query(
      `SELECT dedupe_key, status, target, due_at, payload, max_attempts, cancel_reason FROM notifications
       WHERE dedupe_key = ANY ($1) ORDER BY dedupe_key`,
      [keys],
    );

  it('plans new keys, revives a cancelled one, leaves a sent one, and plans a key given twice once', async () => {
    const [fresh, cancelled, sent, twice] = ['a', 'b', 'c', 'd'].map((k) => `test:${k}:${randomUUID()}`);
    const writer = t.app.get(NotificationWriter);
    const m = t.app.get(DataSource).manager;
    await writer.planMany(m, [
      message(cancelled, '2027-01-01T09:00:00Z'),
      message(sent, '2027-01-01T09:00:00Z'),
    ]);
    await t.db.query(
      `UPDATE notifications SET status = 'cancelled', cancel_reason = 'gone' WHERE dedupe_key = $1`,
      [cancelled],
    );
    await t.db.query(`UPDATE notifications SET status = 'sent' WHERE dedupe_key = $1`, [sent]);

    await writer.planMany(m, [
      message(fresh, '2027-02-01T09:00:00Z'),
      message(cancelled, '2027-02-01T09:00:00Z'),
      message(sent, '2027-02-01T09:00:00Z'),
      message(twice, '2027-02-01T09:00:00Z', 'first@example.nl'),
      message(twice, '2027-02-02T09:00:00Z', 'later@example.nl'),
    ]);
    // The revived one no longer says why it was cancelled.
    const planned = { payload: { offset: 'P1D' }, max_attempts: 5, cancel_reason: null };
    expect(await rows([fresh, cancelled, sent, twice])).toEqual(
      [
        {
          dedupe_key: fresh,
          status: 'pending',
          target: 'eva@example.nl',
          due_at: new Date('2027-02-01T09:00:00Z'),
        },
        {
          dedupe_key: cancelled,
          status: 'pending',
          target: 'eva@example.nl',
          due_at: new Date('2027-02-01T09:00:00Z'),
        },
        {
          dedupe_key: sent,
          status: 'sent',
          target: 'eva@example.nl',
          due_at: new Date('2027-01-01T09:00:00Z'),
        },
        {
          dedupe_key: twice,
          status: 'pending',
          target: 'later@example.nl',
          due_at: new Date('2027-02-02T09:00:00Z'),
        },
      ]
        .map((row) => ({ ...row, ...planned }))
        .sort((a, b) => a.dedupe_key.localeCompare(b.dedupe_key)),
    );
    // Nothing to plan changes nothing (and sends no statement an empty array would break).
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications`);
    await writer.planMany(m, []);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM notifications`))[0].n).toBe(n);
  });
});
