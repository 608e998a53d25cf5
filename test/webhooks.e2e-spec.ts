import { WebhookEventPlanner } from '@app/domain/notifications/webhook-event-planner.service';
import { verifyWebhook } from '@app/domain/notifications/webhook-signature';
import { JobName } from '@app/queue';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { eventually, startTestWorker, TestWorker } from './support/test-worker';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

describe('webhook subscriptions and signed deliveries', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let receiver: WebhookReceiver;
  let hookUrl: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    hookUrl = receiver.url;
    // The subscriber is a local plain-http server: allowed only because this says so.
    t = await startTestApp({
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_REQUIRE_HTTPS: 'false' },
    });
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  describe('CRUD', () => {
    it('creates a subscription and shows a generated secret once', async () => {
      const created = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: hookUrl, events: ['agenda.published', 'session.cancelled'], description: 'Intranet' })
        .expect(201);
      expect(created.body).toEqual(
        expect.objectContaining({
          organisationId: org.organisationId,
          url: hookUrl,
          events: ['agenda.published', 'session.cancelled'],
          active: true,
          createdById: org.lead.id,
          version: 1,
        }),
      );
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      // Shown once: no cache on the way may keep it.
      expect(created.headers['cache-control']).toBe('no-store');
      const fetched = await t.http
        .get(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.admin.token))
        .expect(200);
      expect(fetched.body.secret).toBeUndefined();
      const list = await t.http.get('/v1/webhook-subscriptions').set(bearer(org.lead.token)).expect(200);
      expect(list.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
      expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
      const audit = await t.db.query(`SELECT changes FROM audit_events WHERE entity_id = $1`, [
        created.body.id,
      ]);
      expect(JSON.stringify(audit)).not.toContain(created.body.secret);
    });

    it('refuses a URL with a user name or password, which every lead and the logs would see', async () => {
      const response = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: 'https://user:s3cret@hooks.example.nl/leerlus', events: ['agenda.published'] })
        .expect(400);
      expect(response.body.invalidParams[0]).toEqual({
        name: 'url',
        reason: 'must not hold a user name or password (deliveries are signed with the secret)',
      });
    });

    it('keeps a URL as it is sent to: the host a client sends to, no fragment', async () => {
      const port = new URL(hookUrl).port;
      const created = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({
          url: `http://127.0.0.1:${port}\\@zaaksysteem.minszw.nl/hook#deel`,
          events: ['agenda.published'],
        })
        .expect(201);
      // Read as zaaksysteem.minszw.nl by a person, sent to 127.0.0.1 by the worker: shown as sent.
      expect(created.body.url).toBe(`http://127.0.0.1:${port}/@zaaksysteem.minszw.nl/hook`);
      const changed = await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ version: created.body.version, url: `http://127.0.0.1:${port}/ho\u200bok#x` })
        .expect(200);
      expect(changed.body.url).toBe(`http://127.0.0.1:${port}/ho%E2%80%8Bok`);
      await t.http
        .delete(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .expect(204);
    });

    it('holds a URL to 2000 characters as it is sent, percent-encoded, naming url when it is longer', async () => {
      const post = (url: string) =>
        t.http
          .post('/v1/webhook-subscriptions')
          .set(bearer(org.lead.token))
          .send({ url, events: ['agenda.published'] });
      const count = async () =>
        (await t.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`))[0].n as number;
      // 625 characters as typed, 3625 as sent: each é is %C3%A9.
      const long = `${hookUrl}/${'é'.repeat(600)}`;
      const refusal = {
        name: 'url',
        reason: `must be at most 2000 characters as sent, percent-encoded (this one is ${hookUrl.length + 1 + 600 * 6})`,
      };
      const before = await count();
      const refused = await post(long).expect(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.invalidParams).toEqual([refusal]);
      expect(await count()).toBe(before);
      // Exactly 2000 as sent is kept.
      const room = 2000 - hookUrl.length - 1;
      const fits = `${hookUrl}/${'é'.repeat(Math.floor(room / 6))}${'x'.repeat(room % 6)}`;
      const created = await post(fits).expect(201);
      expect(created.body.url).toHaveLength(2000);
      // A change to a URL too long as sent changes nothing.
      const unchanged = await t.db.query(`SELECT url, version FROM webhook_subscriptions WHERE id = $1`, [
        created.body.id,
      ]);
      const patched = await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ version: created.body.version, url: long })
        .expect(400);
      expect(patched.body.invalidParams).toEqual([refusal]);
      expect(
        await t.db.query(`SELECT url, version FROM webhook_subscriptions WHERE id = $1`, [created.body.id]),
      ).toEqual(unchanged);
      await t.http
        .delete(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .expect(204);
    });

    it('lets the lead who made a subscription be deleted: it stays, without its maker', async () => {
      const maker = await createPerson(t.http, org.admin.token, {
        name: 'Kees Koppeling',
        accessRole: 'lead',
      });
      const created = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(maker.token))
        .send({ url: hookUrl, events: ['session.cancelled'] })
        .expect(201);
      expect(created.body.createdById).toBe(maker.id);
      await t.http.delete(`/v1/people/${maker.id}`).set(bearer(org.admin.token)).expect(204);
      const kept = await t.http
        .get(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect([kept.body.createdById, kept.body.url, kept.body.version]).toEqual([null, hookUrl, 2]);
      // A change of the subscription like any other: in the audit log, by whoever deleted the maker.
      const [event] = await t.db.query(
        `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
        [created.body.id],
      );
      expect(event).toEqual({
        actor_id: org.admin.id,
        changes: { createdById: { from: maker.id, to: null } },
      });
      await t.http
        .delete(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .expect(204);
    });

    it('refuses an event named twice, saying so in words', async () => {
      const response = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: hookUrl, events: ['agenda.published', 'agenda.published'] })
        .expect(400);
      expect(response.body.invalidParams).toEqual([
        { name: 'events', reason: 'must not hold the same value twice' },
      ]);
    });

    it('updates with a version and deletes, cancelling what was still to be sent', async () => {
      const created = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.admin.token))
        .send({ url: hookUrl, events: ['action.overdue'], secret: 'k'.repeat(40) })
        .expect(201);
      expect(created.body.secret).toBe('k'.repeat(40));
      const updated = await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ events: ['action.overdue', 'report.published'], active: false, version: 1 })
        .expect(200);
      expect(updated.body).toEqual(expect.objectContaining({ active: false, version: 2 }));
      // A new secret is audited by a fingerprint: the rotation shows, the secret does not.
      await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ secret: 'r'.repeat(40), version: 2 })
        .expect(200);
      const [rotation] = await t.db.query(
        `SELECT changes FROM audit_events WHERE entity_id = $1 AND action = 'update' ORDER BY occurred_at DESC LIMIT 1`,
        [created.body.id],
      );
      expect(Object.keys(rotation.changes)).toEqual(['secretFingerprint']);
      expect(rotation.changes.secretFingerprint.from).not.toEqual(rotation.changes.secretFingerprint.to);
      expect(JSON.stringify(rotation)).not.toMatch(/kkkk|rrrr/);
      // Sent back as it is (the same secret too): no change, no new version, nothing audited.
      const same = await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({
          events: ['action.overdue', 'report.published'],
          active: false,
          secret: 'r'.repeat(40),
          version: 3,
        })
        .expect(200);
      expect(same.body.version).toBe(3);
      const [{ updates }] = await t.db.query(
        `SELECT count(*)::int AS updates FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
        [created.body.id],
      );
      expect(updates).toBe(2);
      await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ active: true, version: 1 })
        .expect(409);
      await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ active: true, version: 3 })
        .expect(200);
      const planned = await t.app.get(WebhookEventPlanner).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        event: 'action.overdue',
        subjectType: 'action',
        subjectId: randomUUID(),
        dueAt: new Date(Date.now() + 86400_000),
        occurrence: 'overdue',
        data: {},
      });
      expect(planned).toBe(1);
      await t.http
        .delete(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .expect(204);
      await t.http
        .get(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .expect(404);
      const rows = await t.db.query(
        `SELECT status, last_error, cancel_reason FROM notifications WHERE kind = 'action.overdue'`,
      );
      // The delivery log says why, and reports no delivery error (an earlier attempt's error would not).
      expect(rows).toEqual([
        { status: 'cancelled', last_error: null, cancel_reason: 'the webhook subscription was deleted' },
      ]);
    });

    it('sends what is still to go to the URL and events the subscription has now', async () => {
      const created = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: `${hookUrl}/oud`, events: ['session.reminder', 'action.overdue'] })
        .expect(201);
      const plan = (event: 'session.reminder' | 'action.overdue') =>
        t.app.get(WebhookEventPlanner).plan(t.app.get(DataSource).manager, {
          organisationId: org.organisationId,
          event,
          subjectType: event === 'action.overdue' ? 'action' : 'reflection-session',
          subjectId: randomUUID(),
          dueAt: new Date(Date.now() + 86400_000),
          occurrence: 'P1D',
          data: {},
        });
      await plan('session.reminder');
      await plan('action.overdue');
      await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ url: `${hookUrl}/nieuw`, events: ['session.reminder'], version: 1 })
        .expect(200);
      const rows = await t.db.query(
        `SELECT kind, target, status FROM notifications WHERE webhook_subscription_id = $1 ORDER BY kind`,
        [created.body.id],
      );
      expect(rows).toEqual([
        { kind: 'action.overdue', target: `${hookUrl}/nieuw`, status: 'cancelled' },
        { kind: 'session.reminder', target: `${hookUrl}/nieuw`, status: 'pending' },
      ]);
      // It would hear the delivery tests' events.
      await t.http
        .delete(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .expect(204);
    });

    it('refuses bad input with 400 problem details and writes nothing', async () => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`);
      const bad = [
        { url: 'ftp://example.nl/x', events: ['agenda.published'] },
        { url: 'javascript:alert(1)', events: ['agenda.published'] },
        { url: hookUrl, events: ['agenda.sent'] },
        { url: hookUrl, events: [] },
        { url: hookUrl, events: 'agenda.published' },
        { url: hookUrl, events: ['agenda.published', 'agenda.published'] },
        { url: hookUrl, events: ['agenda.published'], secret: 'too-short' },
        { url: hookUrl, events: ['agenda.published'], secret: ' '.repeat(40) },
        { url: hookUrl, events: ['agenda.published'], secret: `geheim ${'x'.repeat(40)}` },
        { url: hookUrl, events: ['agenda.published'], unknown: true },
        { url: `https://example.nl/${'x'.repeat(2000)}`, events: ['agenda.published'] },
        { url: hookUrl, events: ['agenda.published'], description: 'x'.repeat(1001) },
      ];
      for (const body of bad) {
        const response = await t.http
          .post('/v1/webhook-subscriptions')
          .set(bearer(org.lead.token))
          .send(body);
        expect([JSON.stringify(body).slice(0, 80), response.status]).toEqual([
          JSON.stringify(body).slice(0, 80),
          400,
        ]);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const after = await t.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`);
      expect(after[0].n).toBe(before[0].n);
    });

    it('is for leads and admins of the organisation only', async () => {
      await t.http.get('/v1/webhook-subscriptions').set(bearer(org.member.token)).expect(403);
      await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.member.token))
        .send({ url: hookUrl, events: ['agenda.published'] })
        .expect(403);
      const theirs = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(other.lead.token))
        .send({ url: hookUrl, events: ['agenda.published'] })
        .expect(201);
      await t.http.get(`/v1/webhook-subscriptions/${theirs.body.id}`).set(bearer(org.lead.token)).expect(404);
      await t.http
        .patch(`/v1/webhook-subscriptions/${theirs.body.id}`)
        .set(bearer(org.lead.token))
        .send({ active: false, version: 1 })
        .expect(404);
      await t.http
        .delete(`/v1/webhook-subscriptions/${theirs.body.id}`)
        .set(bearer(org.lead.token))
        .expect(404);
      const list = await t.http.get('/v1/webhook-subscriptions').set(bearer(org.lead.token)).expect(200);
      expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(theirs.body.id);
      await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ organisationId: other.organisationId, url: hookUrl, events: ['agenda.published'] })
        .expect(422);
    });
  });

  describe('delivery', () => {
    let worker: TestWorker;
    beforeAll(async () => {
      worker = await startTestWorker(t.config, {
        worker: { everyOverride: { [JobName.DispatchNotifications]: 300 } },
      });
    });
    afterAll(() => worker.close());

    it('POSTs signed JSON that the subscriber can verify, retrying a non-2xx answer', async () => {
      const subscription = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: hookUrl, events: ['session.postponed'] })
        .expect(201);
      const sessionId = randomUUID();
      receiver.refuseNext = 1;
      receiver.received.length = 0;
      await t.app.get(WebhookEventPlanner).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        event: 'session.postponed',
        subjectType: 'reflection-session',
        subjectId: sessionId,
        dueAt: new Date(),
        occurrence: 'P1D',
        data: { sessionId, title: 'Reflectie directieraad' },
      });
      const [row] = await eventually(async () => {
        const rows = await t.db.query(
          `SELECT * FROM notifications WHERE webhook_subscription_id = $1 AND status = 'sent'`,
          [subscription.body.id],
        );
        return rows.length ? rows : undefined;
      });
      expect(row.attempts).toBe(2);
      expect(receiver.received).toHaveLength(1);
      const [hit] = receiver.received;
      expect(hit.headers['content-type']).toBe('application/json');
      expect(hit.headers['leerlus-event']).toBe('session.postponed');
      const signature = hit.headers['leerlus-signature'] as string;
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(
        verifyWebhook(subscription.body.secret, signature, hit.body, Math.floor(Date.now() / 1000)),
      ).toBe(true);
      expect(verifyWebhook('x'.repeat(40), signature, hit.body, Math.floor(Date.now() / 1000))).toBe(false);
      expect(JSON.parse(hit.body)).toEqual({
        id: row.id,
        event: 'session.postponed',
        occurredAt: new Date(row.due_at).toISOString(),
        data: { sessionId, title: 'Reflectie directieraad' },
      });
    });

    it('connects to a host name through the addresses it resolved, keeping the name as Host', async () => {
      const named = hookUrl.replace('127.0.0.1', 'localhost');
      const subscription = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: named, events: ['session.postponed'] })
        .expect(201);
      await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id <> $1`, [
        subscription.body.id,
      ]);
      receiver.received.length = 0;
      await t.app.get(WebhookEventPlanner).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        event: 'session.postponed',
        subjectType: 'reflection-session',
        subjectId: randomUUID(),
        dueAt: new Date(),
        occurrence: 'P1D',
        data: {},
      });
      const [row] = await eventually(async () => {
        const rows = await t.db.query(
          `SELECT status, last_error FROM notifications WHERE webhook_subscription_id = $1
             AND status NOT IN ('pending', 'queued')`,
          [subscription.body.id],
        );
        return rows.length ? rows : undefined;
      });
      expect(row).toEqual({ status: 'sent', last_error: null });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0].headers.host).toBe(new URL(named).host);
    });
  });
});
