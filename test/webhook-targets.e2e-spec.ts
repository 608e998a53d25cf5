import { WebhookEventPlanner } from '@app/domain/notifications/webhook-event-planner.service';
import { JobName } from '@app/queue';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { eventually, startTestWorker, TestWorker } from './support/test-worker';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

/** The SSRF guard with the default settings: no private targets, https only. */
describe('webhook targets', () => {
  let t: TestApp;
  let org: OrgFixture;
  let internal: WebhookReceiver;
  let port: string;

  beforeAll(async () => {
    // Stands for an internal service: the guard must never let the worker connect to it.
    internal = await startWebhookReceiver();
    port = new URL(internal.url).port;
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(async () => {
    await t.close();
    await internal.close();
  });

  const create = (url: string, events = ['session.postponed']) =>
    t.http.post('/v1/webhook-subscriptions').set(bearer(org.admin.token)).send({ url, events });

  it('refuses an internal IP address when a subscription is created, naming url', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`);
    for (const url of [
      `http://127.0.0.1:${port}/hooks`,
      'https://127.0.0.1/hooks',
      'https://[64:ff9b::a9fe:a9fe]/latest/meta-data',
      'https://[::1]/hooks',
      'https://[::ffff:127.0.0.1]/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:a9fe:a9fe]/latest/meta-data',
      'https://10.0.0.1/',
      'https://172.16.0.1/',
      'https://192.168.1.1/',
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://[fd00::1]/',
      'https://[fe80::1]/',
    ]) {
      const response = await create(url);
      expect([url, response.status]).toEqual([url, 400]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.invalidParams).toEqual([
        { name: 'url', reason: expect.stringMatching(/^must not point to a private or internal address/) },
      ]);
    }
    const after = await t.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses plain http by default, and an internal address on update', async () => {
    const plain = await create('http://hooks.example.nl/leerlus').expect(400);
    expect(plain.body.invalidParams).toEqual([
      { name: 'url', reason: 'must be an https URL (WEBHOOK_REQUIRE_HTTPS)' },
    ]);
    // Another event, so the deliveries below never try this host.
    const created = await create('https://hooks.example.nl/leerlus', ['report.published']).expect(201);
    const patched = await t.http
      .patch(`/v1/webhook-subscriptions/${created.body.id}`)
      .set(bearer(org.admin.token))
      .send({ url: 'https://[::1]:8443/x', version: 1 })
      .expect(400);
    expect(patched.body.invalidParams).toEqual([
      { name: 'url', reason: expect.stringContaining('loopback') },
    ]);
    const [row] = await t.db.query(`SELECT url, version FROM webhook_subscriptions WHERE id = $1`, [
      created.body.id,
    ]);
    expect(row).toEqual({ url: 'https://hooks.example.nl/leerlus', version: 1 });
  });

  describe('at delivery', () => {
    let worker: TestWorker;
    beforeAll(async () => {
      worker = await startTestWorker(t.config, {
        worker: { everyOverride: { [JobName.DispatchNotifications]: 300 } },
      });
    });
    afterAll(() => worker.close());

    const planFor = async (subscriptionId: string) => {
      const subjectId = randomUUID();
      await t.app.get(WebhookEventPlanner).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        event: 'session.postponed',
        subjectType: 'reflection-session',
        subjectId,
        dueAt: new Date(),
        occurrence: 'P1D',
        data: { sessionId: subjectId },
      });
      const failed = await eventually(async () => {
        const [row] = await t.db.query(
          `SELECT id, status, attempts, max_attempts, last_error FROM notifications
           WHERE webhook_subscription_id = $1 AND status <> 'pending' AND status <> 'queued'`,
          [subscriptionId],
        );
        return row;
      });
      return failed;
    };

    it('refuses a host name that resolves to loopback, fails at once and says why', async () => {
      // A name, so it passes when saved; what it resolves to is only known at delivery.
      const subscription = await create(`https://localhost:${port}/hooks`).expect(201);
      const row = await planFor(subscription.body.id);
      expect(row).toEqual(
        expect.objectContaining({
          status: 'failed',
          attempts: 1,
          last_error: expect.stringMatching(
            /^webhook target refused: localhost resolves to (127\.0\.0\.1|::1) \(loopback, .*\); private and internal addresses are not allowed \(WEBHOOK_ALLOW_PRIVATE_TARGETS\)$/,
          ),
        }),
      );
      expect(row.max_attempts).toBeGreaterThan(1);
      expect(internal.connections).toBe(0);
      const log = await t.http.get(`/v1/notifications/${row.id}`).set(bearer(org.admin.token)).expect(200);
      expect(log.body).toEqual(expect.objectContaining({ status: 'failed', lastError: row.last_error }));
    });

    it('refuses at delivery an internal address saved before the guard existed', async () => {
      const [{ id }] = await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
         VALUES ($1, $2, '{session.postponed}', 's3cret') RETURNING id`,
        [org.organisationId, `http://127.0.0.1:${port}/hooks`],
      );
      const row = await planFor(id);
      expect(row).toEqual(
        expect.objectContaining({
          status: 'failed',
          attempts: 1,
          last_error:
            'webhook URL refused: must not point to a private or internal address (127.0.0.1: loopback, 127.0.0.0/8)',
        }),
      );
      expect(internal.connections).toBe(0);
    });
  });
});
