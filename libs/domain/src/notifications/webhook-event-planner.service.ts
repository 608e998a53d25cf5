import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotificationChannel } from './notification-channel';
import { NotificationWriter } from './notification-writer.service';

export interface WebhookEvent {
  organisationId: string;
  /** e.g. agenda.published, session.reminder, reflection.escalated, action.overdue, report.published */
  event: string;
  subjectType: string;
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
    const subscriptions: { id: string; url: string }[] = await m.query(
      `SELECT id, url FROM webhook_subscriptions WHERE organisation_id = $1 AND active AND $2 = ANY(events)`,
      [e.organisationId, e.event],
    );
    for (const subscription of subscriptions) {
      await this.writer.plan(m, {
        organisationId: e.organisationId,
        webhookSubscriptionId: subscription.id,
        channel: NotificationChannel.Webhook,
        target: subscription.url,
        kind: e.event,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        dueAt: e.dueAt,
        dedupeKey: `webhook:${subscription.id}:${e.event}:${e.subjectId}:${e.occurrence}`,
        payload: { event: e.event, data: e.data },
      });
    }
    return subscriptions.length;
  }
}
