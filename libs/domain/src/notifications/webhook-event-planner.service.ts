import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotificationChannel } from './notification-channel';
import { NotificationSubjectType } from './notification-subject-type';
import { PLAN_AGAIN_ON_CONFLICT } from './plan-again-on-conflict';
import { lockWebhookSubscriptions } from './lock-webhook-subscriptions';
import { NotificationWriter } from './notification-writer.service';
import { WebhookEventType } from './webhook-event-type';

export interface WebhookEvent {
  organisationId: string;
  event: `${WebhookEventType}`;
  subjectType: `${NotificationSubjectType}`;
  subjectId: string;
  dueAt: Date;
  /** Distinguishes two events of the same kind about the same subject (e.g. the reminder offset). */
  occurrence: string;
  data: Record<string, unknown>;
}

/**
 * Plans one webhook delivery per active subscription of the organisation that listens to the
 * event, in the caller's transaction (the outbox), so subscribers hear exactly what happened.
 */
@Injectable()
export class WebhookEventPlanner {
  constructor(private readonly writer: NotificationWriter) {}

  async plan(m: EntityManager, e: WebhookEvent): Promise<number> {
    return this.planMany(m, [e]);
  }

  /**
   * Plans several events as `plan` does each, in two statements per organisation (its
   * subscriptions read once, the deliveries written in one): an edit of a series plans a reminder
   * event per session. Returns the number of deliveries planned.
   */
  async planMany(m: EntityManager, events: WebhookEvent[]): Promise<number> {
    let planned = 0;
    for (const organisationId of new Set(events.map((e) => e.organisationId))) {
      const ofOrganisation = events.filter((e) => e.organisationId === organisationId);
      await lockWebhookSubscriptions(m, organisationId, 'shared');
      const subscriptions: { id: string; url: string; events: string[] }[] = await m.query(
        `SELECT id, url, events FROM webhook_subscriptions WHERE organisation_id = $1 AND active AND events && $2::text[]`,
        [organisationId, [...new Set(ofOrganisation.map((e) => e.event))]],
      );
      const deliveries = ofOrganisation.flatMap((e) =>
        subscriptions
          .filter((subscription) => subscription.events.includes(e.event))
          .map((subscription) => ({
            organisationId: e.organisationId,
            webhookSubscriptionId: subscription.id,
            channel: NotificationChannel.Webhook,
            target: subscription.url,
            kind: e.event,
            subjectType: e.subjectType,
            subjectId: e.subjectId,
            dueAt: e.dueAt,
            dedupeKey: dedupeKey(subscription.id, e),
            payload: { event: e.event, data: e.data },
          })),
      );
      await this.writer.planMany(m, deliveries);
      planned += deliveries.length;
    }
    return planned;
  }

  /**
   * Plans events for one subscription only (one that starts listening hears what is still to come),
   * in one statement: the rows `plan` would write for it, planned again as NotificationWriter.plan
   * does (a cancelled one revives; a sent or failed one is left alone). The caller checks that the
   * subscription is active and listens to the events.
   */
  async planForSubscription(
    m: EntityManager,
    subscription: { id: string; organisationId: string; url: string },
    events: WebhookEvent[],
  ): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => ({
      kind: e.event,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      due_at: e.dueAt.toISOString(),
      dedupe_key: dedupeKey(subscription.id, e),
      payload: { event: e.event, data: e.data },
    }));
    await m.query(
      `INSERT INTO notifications (organisation_id, webhook_subscription_id, channel, target, kind,
         subject_type, subject_id, due_at, dedupe_key, payload)
       SELECT $1, $2, $3, $4, e.kind, e.subject_type, e.subject_id, e.due_at, e.dedupe_key, e.payload
       FROM jsonb_to_recordset($5::jsonb)
         AS e(kind text, subject_type text, subject_id uuid, due_at timestamptz, dedupe_key text, payload jsonb)
       ${PLAN_AGAIN_ON_CONFLICT}`,
      [
        subscription.organisationId,
        subscription.id,
        NotificationChannel.Webhook,
        subscription.url,
        JSON.stringify(rows),
      ],
    );
  }
}

/** One delivery per subscription, event, subject and occurrence: planning twice gives one. */
function dedupeKey(subscriptionId: string, e: WebhookEvent): string {
  return `webhook:${subscriptionId}:${e.event}:${e.subjectId}:${e.occurrence}`;
}
