import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACTION_ESCALATION_KIND } from '../actions/action-escalation-kind';
import { actionMessageKey } from '../actions/action-message-key';
import { escalationPayload } from '../actions/escalation-payload';
import { ActionStatus } from '../actions/action-status';
import { EscalationRecipients } from '../actions/escalation-recipients.service';
import { localDate } from '../shared/local-date';
import { ClaimedNotification } from './claimed-notification';
import { NotificationChannel } from './notification-channel';
import { NotificationSubjectType } from './notification-subject-type';
import { NotificationWriter } from './notification-writer.service';
import { StaleNotificationError } from './stale-notification.error';
import { SubjectGoneError } from './subject-gone.error';

/**
 * An escalation is planned weeks ahead, to the chain's owner of that day. When it is sent, the
 * action may be in another chain (its source moved) and the chain may have another owner. So the
 * recipients are asked again (EscalationRecipients): every other current one gets the escalation
 * too, due now (the dedupe key of this action, due date and person leaves one already sent alone);
 * a recipient who is no longer one gets none (StaleNotificationError: the row is cancelled, with
 * the reason).
 *
 * All of it holds the action (FOR SHARE), so a change of the action waits, or is waited for: an
 * escalation of an action that is no longer open, or whose due date moved, or whose row the change
 * cancelled meanwhile, is stale and goes to nobody (the change planned what is due now).
 */
@Injectable()
export class EscalationReaddress {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly escalations: EscalationRecipients,
    private readonly writer: NotificationWriter,
  ) {}

  async check(n: ClaimedNotification, now: Date): Promise<void> {
    const elsewhere = await this.dataSource.transaction(async (m) => {
      const [action]: {
        organisation_id: string;
        chain_id: string | null;
        assignee_id: string;
        status: string;
        due_date: string;
      }[] = await m.query(
        `SELECT organisation_id, chain_id, assignee_id, status, to_char(due_date, 'YYYY-MM-DD') AS due_date
           FROM actions WHERE id = $1 FOR SHARE`,
        [n.subject_id],
      );
      if (!action) throw new SubjectGoneError(NotificationSubjectType.Action, n.subject_id);
      const [row]: { status: string }[] = await m.query(`SELECT status FROM notifications WHERE id = $1`, [
        n.id,
      ]);
      if (
        action.status !== ActionStatus.Open ||
        action.due_date !== n.payload.dueDate ||
        row?.status === 'cancelled'
      )
        throw new StaleNotificationError(
          `escalation no longer stands: the action is ${action.status}, due ${action.due_date}` +
            (row?.status === 'cancelled' ? ', and this message was cancelled' : ''),
        );
      const current = await this.escalations.of(
        m,
        { organisationId: action.organisation_id, chainId: action.chain_id, assigneeId: action.assignee_id },
        localDate(now),
      );
      const asked = escalationPayload(current);
      for (const to of current.recipients.filter((person) => person.id !== n.recipient_id))
        await this.writer.plan(m, {
          organisationId: action.organisation_id,
          recipientId: to.id,
          channel: NotificationChannel.Email,
          target: to.email,
          kind: ACTION_ESCALATION_KIND,
          subjectType: NotificationSubjectType.Action,
          subjectId: n.subject_id,
          dueAt: now,
          dedupeKey: actionMessageKey(n.subject_id, 'escalation', action.due_date, to.id),
          payload: { ...n.payload, chainId: action.chain_id, ...asked },
        });
      const stands = current.recipients.some((person) => person.id === n.recipient_id);
      // Sent as who they are now, and why: a lead who became the chain's owner is asked as its
      // owner; a lead asked because the chain had no owner is told its owner left.
      if (
        stands &&
        (n.payload.recipientRole !== asked.recipientRole || (n.payload.fallback ?? null) !== asked.fallback)
      ) {
        n.payload = { ...n.payload, ...asked };
        await m.query(`UPDATE notifications SET payload = payload || $2::jsonb WHERE id = $1`, [
          n.id,
          JSON.stringify(asked),
        ]);
      }
      return stands
        ? null
        : `escalation no longer goes to ${n.recipient_id ?? n.target}: on ${localDate(now)} it goes to ` +
            `${current.as} ${current.recipients.map((p) => p.id).join(', ') || '(nobody)'}`;
    });
    if (elsewhere) throw new StaleNotificationError(elsewhere);
  }
}
