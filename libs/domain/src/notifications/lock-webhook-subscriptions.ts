import { EntityManager, QueryRunner } from 'typeorm';

/** First key of the organisation's webhook-subscriptions lock (the second is its id's hash). */
const WEBHOOK_SUBSCRIPTIONS_LOCK = 1764880000;

/** Transactions that hold the shared lock already: one statement for all their events. */
const holding = new WeakSet<QueryRunner>();

/**
 * Orders what plans webhook events against what changes an organisation's subscriptions: planning
 * takes the lock shared (planners never wait for each other), a subscription's create, change or
 * delete exclusively. So a subscription made while an action is created either hears of it from
 * the planner or, waiting until the action is in, plans it itself; a new URL or a dropped event
 * is never overtaken by a row planned with the old one; a deleted subscription is not planned for.
 * A separate statement: under READ COMMITTED the next one reads what committed while it waited.
 */
export async function lockWebhookSubscriptions(
  m: EntityManager,
  organisationId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  const runner = m.queryRunner;
  if (mode === 'shared' && runner && holding.has(runner)) return;
  await m.query(
    `SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}($1, hashtext($2))`,
    [WEBHOOK_SUBSCRIPTIONS_LOCK, organisationId],
  );
  if (mode === 'shared' && runner?.isTransactionActive) holding.add(runner);
}
