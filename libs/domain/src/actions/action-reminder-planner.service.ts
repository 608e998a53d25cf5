import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonEntity } from '../governance/person.entity';
import { NotificationChannel } from '../notifications/notification-channel';
import { NotificationWriter } from '../notifications/notification-writer.service';
import { WebhookEventPlanner } from '../notifications/webhook-event-planner.service';
import { WebhookEventType } from '../notifications/webhook-event-type';
import { NotificationKind } from '../notifications/notification-kind';
import { NotificationSubjectType } from '../notifications/notification-subject-type';
import { Clock } from '../shared/clock';
import { localDate } from '../shared/local-date';
import { ActionCatchUp } from './action-catch-up';
import { ActionEntity } from './action.entity';
import { ACTION_ESCALATION_KIND } from './action-escalation-kind';
import { actionMessageKey } from './action-message-key';
import { actionOverdueWebhookEvent } from './action-overdue-webhook-event';
import { actionReminderSchedule } from './action-reminder-schedule';
import { escalationPayload } from './escalation-payload';
import { EscalationRecipients } from './escalation-recipients.service';
import { ActionStatus } from './action-status';

/** The last due date whose escalation (two weeks on, 09:00 Dutch time) falls in the year 9999. */
const LAST_PLANNABLE_DUE_DATE = '9999-12-17';
const SUBJECT_TYPE = NotificationSubjectType.Action;
const NO_CATCH_UP: ActionCatchUp = { recipients: false, subscribers: false };
/** The e-mails about an action; its webhook event (action.overdue) is the other kind. */
const MAIL_KINDS = ['action-reminder', 'action-overdue', ACTION_ESCALATION_KIND];

/**
 * Plans the messages about an action in the outbox, in the caller's transaction: a reminder to
 * the assignee before the due date, an overdue notice after it, and an escalation to the chain's
 * owner (or the organisation's leads) when it is long overdue (EscalationRecipients; checked
 * again when it is sent). The due date is part of every
 * dedupe key, so a moved due date gives new rows while the old ones are cancelled.
 *
 * An action entered late, re-dated into the past or handed to someone new may have moments behind
 * it already: each recipient then gets the latest of theirs now (an action long overdue is
 * escalated, not kept quiet), and not the earlier ones (they would arrive late, and out of
 * order). A message already sent under the same key is not sent again. See ActionCatchUp for
 * which plannings do this.
 */
@Injectable()
export class ActionReminderPlanner {
  constructor(
    private readonly writer: NotificationWriter,
    private readonly webhooks: WebhookEventPlanner,
    private readonly clock: Clock,
    private readonly escalations: EscalationRecipients,
  ) {}

  /** Plans the messages of a new action (nothing was planned for it before). */
  async planNew(m: EntityManager, action: ActionEntity): Promise<void> {
    await this.plan(m, action, this.clock.now(), new Set(), { recipients: true, subscribers: true });
  }

  /**
   * Replaces what is planned for the action; for a done or cancelled action, only cancels.
   * `dueUnsent` is for a caller that cancelled some of its messages already (see dueUnsentKeys);
   * `catchUp` says whom moments already past are sent to now (by default nobody). `mailOnly`:
   * only who is told changed (a new assignee, someone left or came back), so its webhook event is
   * not planned again (a delivery being retried keeps its time and its backoff); it only names the
   * assignee anew.
   */
  async replan(
    m: EntityManager,
    action: ActionEntity,
    dueUnsent?: Set<string>,
    catchUp: ActionCatchUp = NO_CATCH_UP,
    mailOnly = false,
  ): Promise<void> {
    const now = this.clock.now();
    // A message due but not yet sent (the worker is behind, or was down) still goes when the new
    // plan has it too; only what is still ahead would be planned otherwise, and it would be lost.
    dueUnsent ??= await this.dueUnsentKeys(m, action.id);
    await this.writer.cancelForSubject(
      m,
      SUBJECT_TYPE,
      action.id,
      replannedBecause(action, mailOnly),
      mailOnly ? MAIL_KINDS : undefined,
    );
    await this.plan(m, action, now, dueUnsent, catchUp, !mailOnly);
    // The event not sent yet names the assignee as it is now, keeping its time and its attempts.
    if (mailOnly)
      await m.query(
        `UPDATE notifications SET payload = jsonb_set(payload, '{data,assigneeId}', to_jsonb($2::text)),
                updated_at = now(), version = version + 1
         WHERE subject_type = $1 AND subject_id = $3 AND kind = $4 AND status IN ('pending', 'queued', 'failed')
           AND payload->'data'->>'assigneeId' IS DISTINCT FROM $2`,
        [SUBJECT_TYPE, action.assigneeId, action.id, WebhookEventType.ActionOverdue],
      );
  }

  /** Whether an escalation of the action's due date went out (or failed: see the delivery log). */
  private async escalated(m: EntityManager, action: ActionEntity): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM notifications
       WHERE subject_type = $1 AND subject_id = $2 AND kind = $3 AND payload->>'dueDate' = $4
         AND status IN ('sent', 'failed')
       LIMIT 1`,
      [SUBJECT_TYPE, action.id, ACTION_ESCALATION_KIND, action.dueDate],
    );
    return rows.length > 0;
  }

  /** The dedupe keys of the action's messages that fell due and were not sent yet. */
  dueUnsentKeys(m: EntityManager, actionId: string): Promise<Set<string>> {
    return this.writer.dueUnsentKeys(m, SUBJECT_TYPE, actionId, this.clock.now());
  }

  /** Cancels every message about the action that was not sent yet: it was deleted. */
  async cancel(m: EntityManager, actionId: string): Promise<void> {
    await this.writer.cancelForSubject(m, SUBJECT_TYPE, actionId, 'the action was deleted');
  }

  /**
   * Plans what lies ahead for an open action, what fell due and is in `dueUnsent`, and as
   * `catchUp` says each recipient's latest moment that has passed, and the overdue webhook, due now.
   */
  private async plan(
    m: EntityManager,
    action: ActionEntity,
    now: Date,
    dueUnsent: Set<string>,
    catchUp: ActionCatchUp,
    withWebhook = true,
  ): Promise<void> {
    if (action.status !== ActionStatus.Open) return;
    // Saved before due dates were bounded: its messages would fall in the year 10000, which no
    // timestamp writes (planning them refused every change to the action).
    if (action.dueDate > LAST_PLANNABLE_DUE_DATE) return;
    const schedule = actionReminderSchedule(action.dueDate);
    // Someone who left gets no reminders; the escalation still goes to the chain's owner.
    const assignee = await m.findOne(PersonEntity, {
      where: { id: action.assigneeId, active: true },
      select: { id: true, email: true },
    });
    const today = localDate(now);
    const escalation = await this.escalations.of(m, action, today);
    // The reminder says the due date is near: once that (Dutch) date has passed it would be false,
    // and the overdue notice, at 09:00 the day after, says what holds then.
    const remind = action.dueDate >= today;
    const messages = [
      ...(assignee
        ? [
            ...(remind
              ? [
                  {
                    kind: NotificationKind.ActionReminder,
                    step: 'reminder',
                    dueAt: schedule.reminderAt,
                    to: assignee,
                    as: 'assignee',
                  },
                ]
              : []),
            {
              kind: NotificationKind.ActionOverdue,
              step: 'overdue',
              dueAt: schedule.overdueAt,
              to: assignee,
              as: 'assignee',
            },
          ]
        : []),
      ...escalation.recipients.map((to) => ({
        kind: ACTION_ESCALATION_KIND,
        step: 'escalation',
        dueAt: schedule.escalationAt,
        to,
        as: escalation.as,
      })),
    ];
    // A moment already past is planned when it was planned before and not sent (a notice to the
    // same assignee, or the escalation, to whoever escalations go to now: it never goes nowhere),
    // or as a recipient's latest one to catch up on.
    const escalationUnsent = [...dueUnsent].some((key) =>
      key.startsWith(actionMessageKey(action.id, 'escalation', action.dueDate, '')),
    );
    const latestPassed = new Map<string, (typeof messages)[number]>();
    for (const message of messages)
      if (message.dueAt <= now) latestPassed.set(`${message.as}:${message.to.id}`, message);
    // An action is escalated once per due date, to whoever escalations went to then: an owner
    // who takes over later is not told of it because someone else is assigned.
    if (catchUp.recipients && schedule.escalationAt <= now && (await this.escalated(m, action)))
      for (const [key, message] of latestPassed) if (message.step === 'escalation') latestPassed.delete(key);
    for (const message of messages) {
      const dedupeKey = actionMessageKey(action.id, message.step, action.dueDate, message.to.id);
      const unsent = message.step === 'escalation' ? escalationUnsent : dueUnsent.has(dedupeKey);
      const caughtUp = catchUp.recipients && latestPassed.get(`${message.as}:${message.to.id}`) === message;
      if (message.dueAt <= now && !unsent && !caughtUp) continue;
      await this.writer.plan(m, {
        organisationId: action.organisationId,
        recipientId: message.to.id,
        channel: NotificationChannel.Email,
        target: message.to.email,
        kind: message.kind,
        subjectType: SUBJECT_TYPE,
        subjectId: action.id,
        dueAt: unsent || message.dueAt > now ? message.dueAt : now,
        dedupeKey,
        payload: {
          actionId: action.id,
          dueDate: action.dueDate,
          assigneeId: action.assigneeId,
          chainId: action.chainId,
          ...(message.step === 'escalation' ? escalationPayload(escalation) : { recipientRole: message.as }),
        },
      });
    }
    if (!withWebhook) return;
    const overdueWebhookUnsent = [...dueUnsent].some(
      (key) => key.startsWith('webhook:') && key.endsWith(`:action.overdue:${action.id}:${action.dueDate}`),
    );
    if (schedule.overdueAt > now || overdueWebhookUnsent) {
      await this.webhooks.plan(m, actionOverdueWebhookEvent(action));
    } else if (catchUp.subscribers) {
      // Subscribers hear of an action that is overdue already, now (once per due date).
      await this.webhooks.plan(m, actionOverdueWebhookEvent(action, now));
    }
  }
}

/** Why what was planned for an action and is not planned again stays cancelled (the delivery log's cancelReason). */
function replannedBecause(action: ActionEntity, mailOnly: boolean): string {
  if (action.status === ActionStatus.Done) return 'the action is done';
  if (action.status === ActionStatus.Cancelled) return 'the action was cancelled';
  return mailOnly ? 'who is told of the action changed' : 'the action was changed';
}
