import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as delay } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { ACTION_ESCALATION_KIND } from '../actions/action-escalation-kind';
import { Clock } from '../shared/clock';
import { ClaimHeartbeat } from './claim-heartbeat';
import { ClaimedNotification } from './claimed-notification';
import { DeliveryResult } from './delivery-result';
import { DeliverySettings } from './delivery-settings';
import { DeliveryError } from './delivery.error';
import { EmailContextLoader } from './email/email-context-loader.service';
import { EscalationReaddress } from './escalation-readdress.service';
import { MailSender } from './email/mail-sender.service';
import { renderEmail } from './email/render-email';
import { isStillInvited } from './is-still-invited';
import { webhookDataAsNow } from './webhook-data-as-now';
import { requireStillRelevant } from './require-still-relevant';
import { NotificationChannel } from './notification-channel';
import { preparedQuery } from '../shared/prepared-query';
import { StaleNotificationError } from './stale-notification.error';
import { SubjectGoneError } from './subject-gone.error';
import { UndeliverableError } from './undeliverable.error';
import { WebhookSender } from './webhook-sender.service';

/** A job may fire a little before dueAt (timer granularity); that is still on time. */
const EARLY_TOLERANCE_MS = 1_000;
/** Recording a send is tried 5 times over 7.5 s, while the claim is renewed (ClaimHeartbeat). */
const RECORD_SENT_ATTEMPTS = 5;
const RECORD_SENT_BACKOFF_MS = 500;

/**
 * Delivers one notification: claims the row atomically, renders, sends, marks it sent. The claim
 * (status pending/queued and no live claim) means two workers, or a retry after a send that was
 * already recorded, never send the same row twice; a cancelled row is never claimed. The claim is
 * short and renewed while the delivery runs, so one a killed worker left lapses within a minute.
 */
@Injectable()
export class NotificationDelivery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: DeliverySettings,
    private readonly clock: Clock,
    private readonly contexts: EmailContextLoader,
    private readonly mail: MailSender,
    private readonly webhooks: WebhookSender,
    private readonly escalations: EscalationReaddress,
  ) {}

  async deliver(id: string): Promise<DeliveryResult> {
    const now = this.clock.now();
    const claimedUntil = new Date(now.getTime() + this.settings.claimMs);
    const claimed = await this.claim(id, now, claimedUntil);
    if (!claimed) return this.whyNotClaimed(id, now);
    const heartbeat = new ClaimHeartbeat(this.dataSource, this.clock, this.settings.claimMs, {
      id,
      attempts: claimed.attempts,
      until: claimedUntil,
    });
    try {
      return await this.sendAndRecord(claimed, now);
    } finally {
      await heartbeat.stop();
    }
  }

  private async sendAndRecord(claimed: ClaimedNotification, now: Date): Promise<DeliveryResult> {
    const id = claimed.id;
    try {
      await this.send(claimed, now);
    } catch (error) {
      if (error instanceof SubjectGoneError || error instanceof StaleNotificationError) {
        await this.dataSource.query(
          // Found stale before anything went out: the claim was no attempt to deliver, so this is
          // why it was cancelled, and the error of an earlier attempt (if any) stays as it was.
          `UPDATE notifications SET status = 'cancelled', cancel_reason = $2, claimed_until = NULL,
             attempts = greatest(attempts - 1, 0), updated_at = now(), version = version + 1 WHERE id = $1`,
          [id, error.message],
        );
        return { outcome: 'skipped', reason: error.message };
      }
      throw await this.recordFailure(claimed, error as Error);
    }
    const sentAt = this.clock.now();
    await this.recordSent(claimed, sentAt);
    return {
      outcome: 'sent',
      channel: claimed.channel,
      kind: claimed.kind,
      lagMs: sentAt.getTime() - new Date(claimed.due_at).getTime(),
    };
  }

  /**
   * One statement claims the row and reads what every message needs besides its subject.
   *
   * The claim commits without waiting for its WAL flush (`synchronous_commit` off for this
   * transaction only): it is visible to every other worker at once, so no row is claimed twice,
   * and a flush per claim halved the delivery rate on an ordinary disk. Only a crash of Postgres
   * itself within a fraction of a second can lose a claim; the row is then delivered again after
   * the restart, exactly as when Postgres crashes between sending and recording `sent` (which
   * stays a synchronous commit).
   */
  private async claim(id: string, now: Date, until: Date): Promise<ClaimedNotification | undefined> {
    const rows = await preparedQuery<ClaimedNotification>(
      this.dataSource,
      'leerlus-claim-notification',
      `WITH claimed AS (
         UPDATE notifications n SET attempts = n.attempts + 1, claimed_until = $2, updated_at = now()
         FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
         WHERE n.id = $1 AND n.status IN ('pending', 'queued') AND (n.claimed_until IS NULL OR n.claimed_until < $3)
           AND n.due_at <= $4
         RETURNING n.id, n.organisation_id, n.recipient_id, n.webhook_subscription_id, n.channel, n.target, n.kind,
           n.subject_type, n.subject_id, n.due_at, n.attempts, n.max_attempts, n.payload, n.created_at
       )
       SELECT c.*, p.name AS recipient_name, p.locale AS recipient_locale, p.active AS recipient_active,
         o.name AS organisation_name
       FROM claimed c
       LEFT JOIN people p ON p.id = c.recipient_id
       LEFT JOIN organisations o ON o.id = c.organisation_id`,
      [id, until, now, new Date(now.getTime() + EARLY_TOLERANCE_MS)],
    );
    return rows[0];
  }

  private async whyNotClaimed(id: string, now: Date): Promise<DeliveryResult> {
    const [row] = await this.dataSource.query(
      `SELECT status, due_at, claimed_until FROM notifications WHERE id = $1`,
      [id],
    );
    if (!row) return { outcome: 'skipped', reason: 'no such notification' };
    if (['pending', 'queued'].includes(row.status) && new Date(row.due_at).getTime() > now.getTime())
      return { outcome: 'not-due', dueAt: new Date(row.due_at) };
    // Another delivery holds it: look again when its claim lapses (that one was cut off) or is
    // renewed (it is still sending); the row is sent by then, or claimed by this job.
    if (['pending', 'queued'].includes(row.status))
      return { outcome: 'claimed', until: new Date(row.claimed_until ?? now) };
    return { outcome: 'skipped', reason: `already ${row.status}` };
  }

  private async send(n: ClaimedNotification, now: Date): Promise<void> {
    await requireStillRelevant(this.dataSource.manager, n, now);
    if (n.channel === NotificationChannel.Email) {
      // An escalation to someone who is no longer a recipient goes to who is (and not to them).
      if (n.kind === ACTION_ESCALATION_KIND) await this.escalations.check(n, now);
      // Planned in a transaction that overlapped their leaving: someone who left gets nothing but
      // the withdrawal of their invitations.
      if (n.recipient_active !== true && n.kind !== 'session-uninvited')
        throw new StaleNotificationError(
          n.recipient_active === false
            ? 'the recipient is no longer active'
            : 'the recipient no longer exists',
        );
      const message = {
        kind: n.kind,
        subjectType: n.subject_type,
        subjectId: n.subject_id,
        recipientId: n.recipient_id,
      };
      if (!(await isStillInvited(this.dataSource.manager, message, now)))
        throw new StaleNotificationError('the recipient is no longer invited');
      const email = renderEmail(await this.contexts.load(n));
      await this.mail.send(n.id, n.target, email);
      return;
    }
    const [subscription] = n.webhook_subscription_id
      ? await this.dataSource.query(`SELECT secret, active FROM webhook_subscriptions WHERE id = $1`, [
          n.webhook_subscription_id,
        ])
      : [];
    if (!subscription) throw new SubjectGoneError('webhook subscription', n.webhook_subscription_id ?? '-');
    if (!subscription.active) throw new StaleNotificationError('the webhook subscription is inactive');
    const event = String(n.payload.event ?? n.kind);
    const body = JSON.stringify({
      id: n.id,
      event,
      occurredAt: new Date(n.due_at).toISOString(),
      data: await webhookDataAsNow(this.dataSource.manager, n, event),
    });
    await this.webhooks.send(n.target, subscription.secret, event, body, now);
  }

  /**
   * Records the send. A message planned again meanwhile stays pending when the send does not do for
   * the new plan: another recipient or address, or a time still to come (a session moved later).
   * One planned again for now, as an escalation's co-recipients are, or cancelled meanwhile, is
   * recorded as sent (without a reason to be cancelled): it went. A failing statement is tried again while the claim holds; giving up
   * would let the claim lapse and the reconciler send the message a second time.
   */
  private async recordSent(n: ClaimedNotification, sentAt: Date): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const marked = await preparedQuery(
          this.dataSource,
          'leerlus-notification-sent',
          `UPDATE notifications SET status = 'sent', sent_at = $2, claimed_until = NULL, last_error = NULL,
             cancel_reason = NULL, updated_at = now(), version = version + 1
           WHERE id = $1 AND (status = 'cancelled' OR ((due_at = $3 OR due_at <= $2) AND target = $4
             AND recipient_id IS NOT DISTINCT FROM $5))
           RETURNING id`,
          [n.id, sentAt, n.due_at, n.target, n.recipient_id],
        );
        if (marked.length === 0)
          await this.dataSource.query(`UPDATE notifications SET claimed_until = NULL WHERE id = $1`, [n.id]);
        return;
      } catch (error) {
        if (attempt >= RECORD_SENT_ATTEMPTS) throw error;
        await delay(RECORD_SENT_BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }

  /**
   * Records the error; after max attempts, or at once when it is undeliverable (a refused webhook
   * target), the row is `failed` (visible in the log) and not retried. One cancelled meanwhile
   * stays cancelled: a retry of a failed row would send what nobody wants any more.
   */
  private async recordFailure(n: ClaimedNotification, error: Error): Promise<DeliveryError> {
    const message = (error.message || String(error)).slice(0, 2000);
    const [rows]: [{ status: string }[], number] = await this.dataSource.query(
      `UPDATE notifications SET last_error = $2, claimed_until = NULL, updated_at = now(), version = version + 1,
         status = CASE WHEN status = 'cancelled' THEN status
                       WHEN $3::boolean OR attempts >= max_attempts THEN 'failed' ELSE status END
       WHERE id = $1 RETURNING status`,
      [n.id, message, error instanceof UndeliverableError],
    );
    return new DeliveryError(n.id, n.channel, rows[0]?.status === 'failed', message);
  }
}
