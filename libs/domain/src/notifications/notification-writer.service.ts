import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PLAN_AGAIN_ON_CONFLICT } from './plan-again-on-conflict';
import { PlannedNotification } from './planned-notification';

/** Rows planned a statement (see planMany). */
const PLAN_MANY_CHUNK = 1000;

/**
 * The transactional outbox. Domain services call it with their own EntityManager, so the
 * notification row commits or rolls back with the change that causes it; Redis hears of it only
 * afterwards, from the dispatcher that enqueues due rows (the row id is the BullMQ job id).
 */
@Injectable()
export class NotificationWriter {
  /**
   * Plans a message. Planning the same dedupe key again updates time, recipient, target and payload
   * of a message not yet sent (and revives a cancelled one): a session's outcome request is one
   * message, to whoever chairs it by then. A sent or failed message is left alone.
   * A queued message whose time changes goes back to pending, so the dispatcher re-queues it
   * at the new time.
   */
  async plan(m: EntityManager, n: PlannedNotification): Promise<void> {
    await this.planMany(m, [n]);
  }

  /**
   * Plans several messages in one statement per thousand, as `plan` does each: a series' reminders
   * are a message per person and offset, and one statement each held a large series' lock for a
   * minute. A dedupe
   * key planned twice here is planned once, as the later (one statement cannot update a row twice).
   * A thousand rows a statement: an edit of a daily series with a hundred invitees replans 13,000
   * reminders, and one statement of them all took half as long again as thirteen of a thousand.
   */
  async planMany(m: EntityManager, messages: PlannedNotification[]): Promise<void> {
    const rows = [...new Map(messages.map((n) => [n.dedupeKey, n])).values()];
    for (let start = 0; start < rows.length; start += PLAN_MANY_CHUNK)
      await this.insertPlanned(m, rows.slice(start, start + PLAN_MANY_CHUNK));
  }

  private async insertPlanned(m: EntityManager, rows: PlannedNotification[]): Promise<void> {
    await m.query(
      `INSERT INTO notifications (organisation_id, recipient_id, webhook_subscription_id, channel, target, kind,
         subject_type, subject_id, due_at, dedupe_key, payload, max_attempts)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
         $7::text[], $8::uuid[], $9::timestamptz[], $10::text[], $11::jsonb[], $12::int[])
       ${PLAN_AGAIN_ON_CONFLICT}`,
      [
        rows.map((n) => n.organisationId),
        rows.map((n) => n.recipientId ?? null),
        rows.map((n) => n.webhookSubscriptionId ?? null),
        rows.map((n) => n.channel),
        rows.map((n) => n.target),
        rows.map((n) => n.kind),
        rows.map((n) => n.subjectType),
        rows.map((n) => n.subjectId),
        rows.map((n) => n.dueAt),
        rows.map((n) => n.dedupeKey),
        rows.map((n) => JSON.stringify(n.payload ?? {})),
        rows.map((n) => n.maxAttempts ?? 5),
      ],
    );
  }

  /**
   * Cancels messages not yet sent about a subject, or about any of several in one statement (the
   * sessions a series' edit replans), optionally only some kinds, with why (`cancelReason` in the
   * delivery log: "the session was held"). Returns the number cancelled.
   */
  async cancelForSubject(
    m: EntityManager,
    subjectType: string,
    subjectIds: string | string[],
    reason: string,
    kinds?: string[],
  ): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affectedCount].
    const [, affected]: [unknown[], number] = await m.query(
      `UPDATE notifications SET status = 'cancelled', cancel_reason = $4, updated_at = now(), version = version + 1
       WHERE subject_type = $1 AND subject_id = ANY($2::uuid[]) AND status IN ('pending', 'queued')
         AND ($3::text[] IS NULL OR kind = ANY($3))
       RETURNING id`,
      [subjectType, [subjectIds].flat(), kinds ?? null, reason],
    );
    return affected;
  }

  /**
   * Cancels what is not yet sent to a recipient about a subject (or to any of several, about any
   * of several: the sessions of a series someone was taken off), of the given kinds or all, with why.
   */
  async cancelForSubjectRecipient(
    m: EntityManager,
    subjectType: string,
    subjectIds: string | string[],
    recipientIds: string | string[],
    reason: string,
    kinds?: string[],
  ): Promise<void> {
    await m.query(
      `UPDATE notifications SET status = 'cancelled', cancel_reason = $5, updated_at = now(), version = version + 1
       WHERE subject_type = $1 AND subject_id = ANY($2::uuid[]) AND recipient_id = ANY($3::uuid[])
         AND status IN ('pending', 'queued') AND ($4::text[] IS NULL OR kind = ANY($4))`,
      [subjectType, [subjectIds].flat(), [recipientIds].flat(), kinds ?? null, reason],
    );
  }

  /**
   * Cancels what is not yet sent about each subject to its recipient (pairs: who was taken off which
   * session), of the given kinds or all, with why: one statement for all of them.
   */
  async cancelForPairs(
    m: EntityManager,
    subjectType: string,
    pairs: { subjectId: string; recipientId: string }[],
    reason: string,
    kinds?: string[],
  ): Promise<void> {
    if (pairs.length === 0) return;
    await m.query(
      `UPDATE notifications n SET status = 'cancelled', cancel_reason = $4, updated_at = now(), version = n.version + 1
       FROM (SELECT DISTINCT * FROM unnest($2::uuid[], $3::uuid[])) AS p (subject_id, recipient_id)
       WHERE n.subject_type = $1 AND n.subject_id = p.subject_id AND n.recipient_id = p.recipient_id
         AND n.status IN ('pending', 'queued') AND ($5::text[] IS NULL OR n.kind = ANY($5))`,
      [
        subjectType,
        pairs.map((pair) => pair.subjectId),
        pairs.map((pair) => pair.recipientId),
        reason,
        kinds ?? null,
      ],
    );
  }

  /**
   * The dedupe keys of the messages about a subject (or any of several) that were due by `now` but
   * are not sent yet.
   */
  async dueUnsentKeys(
    m: EntityManager,
    subjectType: string,
    subjectIds: string | string[],
    now: Date,
  ): Promise<Set<string>> {
    const rows: { dedupe_key: string }[] = await m.query(
      `SELECT dedupe_key FROM notifications
       WHERE subject_type = $1 AND subject_id = ANY($2::uuid[]) AND status IN ('pending', 'queued') AND due_at <= $3`,
      [subjectType, [subjectIds].flat(), now],
    );
    return new Set(rows.map((r) => r.dedupe_key));
  }

  /**
   * Someone left: nothing not yet sent to them goes out (planned again if they come back), except
   * the withdrawals of invitations (`session-uninvited`): a session they were taken off just before
   * would otherwise stay in their calendar, and delivery lets withdrawals through to leavers too.
   */
  async cancelForRecipient(m: EntityManager, recipientId: string): Promise<void> {
    await m.query(
      `UPDATE notifications SET status = 'cancelled', cancel_reason = 'the recipient is no longer active',
         updated_at = now(), version = version + 1
       WHERE recipient_id = $1 AND status IN ('pending', 'queued') AND kind <> 'session-uninvited'`,
      [recipientId],
    );
  }

  /**
   * Someone's e-mail address changed: what is not yet sent to them goes to the new one (a queued
   * job carries only the row's id; the address is read when it is sent). Another spelling of the
   * same mailbox changes nothing: a message being sent meanwhile would otherwise go twice.
   */
  async readdressRecipient(m: EntityManager, recipientId: string, email: string): Promise<void> {
    await m.query(
      `UPDATE notifications SET target = $2, updated_at = now(), version = version + 1
       WHERE recipient_id = $1 AND channel = 'email' AND status IN ('pending', 'queued')
         AND lower(target) <> lower($2)`,
      [recipientId, email],
    );
  }

  /**
   * A webhook subscription changed: what is not yet sent goes to its URL now, and events it no
   * longer listens to are not sent (a URL moved away from a compromised endpoint stays moved).
   */
  async followSubscription(
    m: EntityManager,
    subscriptionId: string,
    url: string,
    events: string[],
  ): Promise<void> {
    await m.query(
      `UPDATE notifications SET updated_at = now(), version = version + 1,
         target = $2,
         status = CASE WHEN kind = ANY($3::text[]) THEN status ELSE 'cancelled' END,
         cancel_reason = CASE WHEN kind = ANY($3::text[]) THEN cancel_reason
                              ELSE 'the subscription no longer listens to this event' END
       WHERE webhook_subscription_id = $1 AND status IN ('pending', 'queued')
         AND (target <> $2 OR NOT kind = ANY($3::text[]))`,
      [subscriptionId, url, events],
    );
  }
}
