import { lockWebhookSubscriptions } from '@app/domain/notifications/lock-webhook-subscriptions';
import { DataSource } from 'typeorm';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { stillWaiting } from './support/still-waiting';
import { startTestApp, TestApp } from './support/test-app';

/**
 * What plans webhook events and what changes an organisation's subscriptions take turns
 * (lockWebhookSubscriptions). Here the test plays the subscription's writer, holding its
 * transaction open: an action created meanwhile waits, and then plans its event for the new
 * subscription (without the lock it read the subscriptions before the new one was in, and the
 * subscription, made before the action was, heard of it from nobody).
 */
describe('webhook subscriptions changed while events are planned', () => {
  let t: TestApp;
  let org: OrgFixture;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_REQUIRE_HTTPS: 'false' },
    });
    t.clock.set('2026-07-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    const chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Keten' }))
      .body.id;
    incidentId = (
      await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(incidentBody(chainId)).expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  /** A change of the organisation's subscriptions under way: `sql` written, not yet committed. */
  async function subscriptionsBeingChanged(sql: string, parameters: unknown[]) {
    const runner = t.app.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await lockWebhookSubscriptions(runner.manager, org.organisationId, 'exclusive');
    const [row] = await runner.manager.query(sql, parameters);
    return {
      id: row?.id as string,
      commit: async () => {
        await runner.commitTransaction();
        await runner.release();
      },
    };
  }
  const createAction = () =>
    t.http
      .post('/v1/actions')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'incident',
        sourceId: incidentId,
        description: 'Opvolgen',
        assigneeId: org.member.id,
        dueDate: '2026-07-20',
      })
      .then((r) => r);
  const overdueEvents = (actionId: string) =>
    t.db.query(
      `SELECT webhook_subscription_id AS "subscriptionId", target, status FROM notifications
       WHERE subject_id = $1 AND kind = 'action.overdue'`,
      [actionId],
    );

  it('plans an action made while a subscription is being made for that subscription too', async () => {
    const change = await subscriptionsBeingChanged(
      `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
       VALUES ($1, 'http://127.0.0.1:9/nieuw', '{action.overdue}', 's3cret') RETURNING id`,
      [org.organisationId],
    );
    const action = createAction();
    expect(await stillWaiting(action, 300)).toBe(true);
    await change.commit();
    const created = await action;
    expect(created.status).toBe(201);
    expect(await overdueEvents(created.body.id)).toEqual([
      { subscriptionId: change.id, target: 'http://127.0.0.1:9/nieuw', status: 'pending' },
    ]);
  });

  it('plans nothing, and fails nothing, for a subscription deleted while an action is made', async () => {
    const change = await subscriptionsBeingChanged(
      `DELETE FROM webhook_subscriptions WHERE organisation_id = $1 RETURNING id`,
      [org.organisationId],
    );
    const action = createAction();
    expect(await stillWaiting(action, 300)).toBe(true);
    await change.commit();
    const created = await action;
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
    expect(await overdueEvents(created.body.id)).toEqual([]);
  });

  it('plans an action made while the URL changes for the new URL', async () => {
    const [subscription] = await t.db.query(
      `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
       VALUES ($1, 'http://127.0.0.1:9/oud', '{action.overdue}', 's3cret') RETURNING id`,
      [org.organisationId],
    );
    const change = await subscriptionsBeingChanged(
      `UPDATE webhook_subscriptions SET url = 'http://127.0.0.1:9/verhuisd' WHERE id = $1 RETURNING id`,
      [subscription.id],
    );
    const action = createAction();
    expect(await stillWaiting(action, 300)).toBe(true);
    await change.commit();
    const created = await action;
    expect(await overdueEvents(created.body.id)).toEqual([
      { subscriptionId: subscription.id, target: 'http://127.0.0.1:9/verhuisd', status: 'pending' },
    ]);
  });
});
