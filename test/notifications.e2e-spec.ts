import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { PlannedNotification } from '@app/domain/notifications/planned-notification';

describe('GET /v1/notifications (the delivery log) and retry', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  const subjectId = randomUUID();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    const writer = t.app.get(NotificationWriter);
    const m = t.app.get(DataSource).manager;
    const plan = async (
      name: string,
      o: OrgFixture,
      kind: PlannedNotification['kind'],
      dueAt: string,
      channel = NotificationChannel.Email,
    ) => {
      const dedupeKey = `test:${name}:${randomUUID()}`;
      await writer.plan(m, {
        organisationId: o.organisationId,
        recipientId: channel === NotificationChannel.Email ? o.member.id : null,
        channel,
        target: channel === NotificationChannel.Email ? 'mo@example.nl' : 'https://example.nl/hook',
        kind,
        subjectType: 'reflection-session',
        subjectId,
        dueAt: new Date(dueAt),
        dedupeKey,
      });
      ids[name] = (await t.db.query(`SELECT id FROM notifications WHERE dedupe_key = $1`, [dedupeKey]))[0].id;
    };
    await plan('reminder', org, 'session-reminder', '2026-03-30T08:00:00Z');
    await plan('agenda', org, 'agenda', '2026-03-28T08:00:00Z');
    await plan('hook', org, 'agenda.published', '2026-03-28T08:00:00Z', NotificationChannel.Webhook);
    await plan('failed', org, 'action-overdue', '2026-03-01T08:00:00Z');
    await plan('theirs', other, 'agenda', '2026-03-28T08:00:00Z');
    await t.db.query(
      `UPDATE notifications SET status = 'failed', attempts = 5, last_error = 'SMTP 451' WHERE id = ANY($1)`,
      [[ids.failed, ids.theirs]],
    );
  });
  afterAll(() => t.close());

  const list = (query: string, token = org.lead.token) =>
    t.http.get(`/v1/notifications${query}`).set(bearer(token));

  it('lists the organisation’s log, newest due first, with filters', async () => {
    const all = await list('').expect(200);
    expect(all.body.total).toBe(4);
    const order = all.body.items.map((n: { id: string }) => n.id);
    expect(order[0]).toBe(ids.reminder);
    expect(order.slice(1, 3).sort()).toEqual([ids.agenda, ids.hook].sort());
    expect(order[3]).toBe(ids.failed);
    const ofKind = async (query: string) =>
      (await list(query).expect(200)).body.items.map((n: { id: string }) => n.id);
    expect(await ofKind('?status=failed')).toEqual([ids.failed]);
    expect(await ofKind('?kind=agenda')).toEqual([ids.agenda]);
    // An e-mail's kind and a webhook's event, several at once.
    expect((await ofKind('?kind=agenda,agenda.published')).sort()).toEqual([ids.agenda, ids.hook].sort());
    expect(await ofKind('?subjectType=action,report-snapshot')).toEqual([]);
    expect(await ofKind('?channel=webhook')).toEqual([ids.hook]);
    expect((await ofKind(`?recipientId=${org.member.id}`)).sort()).toEqual(
      [ids.reminder, ids.agenda, ids.failed].sort(),
    );
    expect((await ofKind(`?subjectType=reflection-session&subjectId=${subjectId}`)).length).toBe(4);
    expect(await ofKind('?from=2026-03-29T00:00:00%2B02:00&to=2026-03-31T00:00:00Z')).toEqual([ids.reminder]);
    // Dates are Dutch days, both included.
    expect(await ofKind('?from=2026-03-30&to=2026-03-30')).toEqual([ids.reminder]);
    expect((await ofKind('?from=2026-03-02&to=2026-03-28')).sort()).toEqual([ids.agenda, ids.hook].sort());
    expect(await ofKind('?pageSize=1&page=2')).toHaveLength(1);
    const entry = (await list(`?kind=action-overdue`).expect(200)).body.items[0];
    expect(entry).toEqual(
      expect.objectContaining({
        id: ids.failed,
        organisationId: org.organisationId,
        channel: 'email',
        kind: 'action-overdue',
        status: 'failed',
        attempts: 5,
        maxAttempts: 5,
        lastError: 'SMTP 451',
        cancelReason: null,
        sentAt: null,
        dueAt: '2026-03-01T08:00:00.000Z',
        // PRODUCT.md: the log users inspect shows each message's unique de-duplication key.
        dedupeKey: expect.stringMatching(/^test:failed:/),
      }),
    );
    expect(entry.payload).toBeUndefined();
  });

  it('sorts by due or planned time, or what went out last first', async () => {
    const order = async (sort: string) =>
      (await list(`?sort=${sort}`).expect(200)).body.items.map((n: { id: string }) => n.id);
    expect((await order('dueAt'))[0]).toBe(ids.failed);
    expect((await order('-dueAt'))[0]).toBe(ids.reminder);
    await t.db.query(`UPDATE notifications SET sent_at = $2 WHERE id = $1`, [
      ids.agenda,
      '2026-03-28T08:00:05Z',
    ]);
    await t.db.query(`UPDATE notifications SET sent_at = $2 WHERE id = $1`, [
      ids.hook,
      '2026-03-28T08:00:09Z',
    ]);
    try {
      expect((await order('-sentAt')).slice(0, 2)).toEqual([ids.hook, ids.agenda]);
      expect((await order('-sentAt')).slice(2).sort()).toEqual([ids.reminder, ids.failed].sort());
      expect((await order('createdAt'))[0]).toBe(ids.reminder);
    } finally {
      await t.db.query(`UPDATE notifications SET sent_at = NULL WHERE id = ANY($1)`, [
        [ids.agenda, ids.hook],
      ]);
    }
    // What was not sent, by sent time: by due time, latest first.
    const unsent = await order('-sentAt&status=pending,failed');
    expect(unsent).toHaveLength(4);
    expect(unsent).toEqual(await order('-dueAt&status=pending,failed'));
    const refused = await list('?sort=sentAt').expect(400);
    expect(refused.body.invalidParams[0].name).toBe('sort');
  });

  it('says why the system cancelled a message apart from the error of its last attempt', async () => {
    const writer = t.app.get(NotificationWriter);
    const m = t.app.get(DataSource).manager;
    const message: PlannedNotification = {
      organisationId: org.organisationId,
      recipientId: org.member.id,
      channel: NotificationChannel.Email,
      target: 'mo@example.nl',
      kind: 'session-reminder',
      subjectType: 'reflection-session',
      subjectId: randomUUID(),
      dueAt: new Date('2026-03-30T08:00:00Z'),
      dedupeKey: `test:cancelled:${randomUUID()}`,
    };
    await writer.plan(m, message);
    // An attempt failed, and the retry waits; then the session is called off.
    const [{ id }] = await t.db.query(
      `UPDATE notifications SET status = 'queued', attempts = 1, last_error = 'SMTP 451'
       WHERE dedupe_key = $1 RETURNING id`,
      [message.dedupeKey],
    );
    await writer.cancelForSubject(m, message.subjectType, message.subjectId, 'the session is cancelled');
    const entry = async () =>
      (await t.http.get(`/v1/notifications/${id}`).set(bearer(org.lead.token)).expect(200)).body;
    expect(await entry()).toEqual(
      expect.objectContaining({
        status: 'cancelled',
        lastError: 'SMTP 451',
        cancelReason: 'the session is cancelled',
      }),
    );
    // Planned again, it no longer says why it was cancelled; its last attempt still failed.
    await writer.plan(m, message);
    expect(await entry()).toEqual(
      expect.objectContaining({ status: 'queued', lastError: 'SMTP 451', cancelReason: null }),
    );
  });

  it('is for leads and admins; members get 403, other organisations’ rows are invisible', async () => {
    await list('', org.member.token).expect(403);
    await list('', org.admin.token).expect(200);
    await t.http.get(`/v1/notifications/${ids.theirs}`).set(bearer(org.lead.token)).expect(404);
    await t.http.post(`/v1/notifications/${ids.theirs}/retry`).set(bearer(org.lead.token)).expect(404);
    await t.http.post(`/v1/notifications/${ids.failed}/retry`).set(bearer(org.member.token)).expect(403);
    await list(`?organisationId=${other.organisationId}`, t.systemToken).expect(403);
    // Asking for another organisation finds nothing (it used to list the caller's own).
    const asked = await list(`?organisationId=${other.organisationId}`, org.lead.token).expect(200);
    expect(asked.body.total).toBe(0);
  });

  it('refuses bad filters with 400', async () => {
    for (const query of [
      '?status=lost',
      '?channel=sms',
      '?recipientId=42',
      '?subjectId=x',
      '?kind=Agenda%20Items',
      // Values that are not a kind or subject type the system writes: a typo finds nothing silently.
      '?kind=agendas',
      '?kind=agenda,',
      '?subjectType=incident',
      '?subjectType=reflection-session,session',
      '?from=2026-02-30',
      '?to=yesterday',
      '?from=2026-03-02&to=2026-03-01',
      '?pageSize=1000',
      '?unknown=1',
    ]) {
      const response = await list(query);
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('retries only a failed notification: attempts reset, pending, due as it was, audited', async () => {
    const conflict = await t.http
      .post(`/v1/notifications/${ids.reminder}/retry`)
      .set(bearer(org.lead.token))
      .expect(409);
    expect(conflict.body.detail).toMatch(/Only a failed notification can be retried; this one is pending/);
    await t.http.post(`/v1/notifications/${randomUUID()}/retry`).set(bearer(org.lead.token)).expect(404);
    await t.http.post(`/v1/notifications/nope/retry`).set(bearer(org.lead.token)).expect(400);
    t.clock.set('2026-04-02T09:00:00Z');
    const retried = await t.http
      .post(`/v1/notifications/${ids.failed}/retry`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(retried.body).toEqual(
      expect.objectContaining({
        status: 'pending',
        attempts: 0,
        // Still when it was due: past, so it goes at once; reports and webhooks keep its time.
        dueAt: '2026-03-01T08:00:00.000Z',
        lastError: 'SMTP 451',
      }),
    );
    // To the recipient's address of today, not the one it failed on.
    const [member] = await t.db.query(`SELECT email FROM people WHERE id = $1`, [org.member.id]);
    expect(retried.body.target).toBe(member.email);
    expect(member.email).not.toBe('mo@example.nl');
    const [audit] = await t.db.query(`SELECT actor_id, changes FROM audit_events WHERE entity_id = $1`, [
      ids.failed,
    ]);
    expect(audit.actor_id).toBe(org.lead.id);
    expect(audit.changes.status).toEqual({ from: 'failed', to: 'pending' });
    await t.http.post(`/v1/notifications/${ids.failed}/retry`).set(bearer(org.lead.token)).expect(409);
  });

  it('does not retry a message to someone who left', async () => {
    await t.db.query(`UPDATE notifications SET status = 'failed' WHERE id = $1`, [ids.agenda]);
    await t.db.query(`UPDATE people SET active = false WHERE id = $1`, [org.member.id]);
    try {
      const refused = await t.http
        .post(`/v1/notifications/${ids.agenda}/retry`)
        .set(bearer(org.lead.token))
        .expect(409);
      expect(refused.body.detail).toMatch(/no longer active/);
    } finally {
      await t.db.query(`UPDATE people SET active = true WHERE id = $1`, [org.member.id]);
    }
  });

  it('retries a failed webhook at the subscription’s URL of today, and not an event it dropped', async () => {
    const [subscription] = await t.db.query(
      `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
       VALUES ($1, 'https://oud.example.nl/hook', '{agenda.published,session.reminder}', 'geheim') RETURNING id`,
      [org.organisationId],
    );
    const failedHook = async (kind: string) => {
      const [row] = await t.db.query(
        `INSERT INTO notifications (organisation_id, webhook_subscription_id, channel, target, kind,
           subject_type, subject_id, due_at, dedupe_key, status, attempts, last_error)
         VALUES ($1, $2, 'webhook', 'https://oud.example.nl/hook', $3, 'reflection-session', $4,
           '2026-03-01T08:00:00Z', $5, 'failed', 5, 'HTTP 500') RETURNING id`,
        [org.organisationId, subscription.id, kind, subjectId, `test:${randomUUID()}`],
      );
      return row.id as string;
    };
    const published = await failedHook('agenda.published');
    const reminder = await failedHook('session.reminder');
    // The endpoint moved, and reminders are no longer wanted.
    await t.db.query(
      `UPDATE webhook_subscriptions SET url = 'https://nieuw.example.nl/hook', events = '{agenda.published}'
       WHERE id = $1`,
      [subscription.id],
    );
    const retried = await t.http
      .post(`/v1/notifications/${published}/retry`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(retried.body.target).toBe('https://nieuw.example.nl/hook');
    const dropped = await t.http
      .post(`/v1/notifications/${reminder}/retry`)
      .set(bearer(org.lead.token))
      .expect(409);
    expect(dropped.body.detail).toMatch(/no longer listens to session.reminder/);
    const [still] = await t.db.query(`SELECT status, target FROM notifications WHERE id = $1`, [reminder]);
    expect(still).toEqual({ status: 'failed', target: 'https://oud.example.nl/hook' });
  });
});
