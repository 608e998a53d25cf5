import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACTION_ESCALATION_KIND } from '../actions/action-escalation-kind';
import { actionMessageKey } from '../actions/action-message-key';
import { EscalationRecipients } from '../actions/escalation-recipients.service';
import { localDate } from '../shared/local-date';
import { ClaimedNotification } from './claimed-notification';
import { NotificationChannel } from './notification-channel';
import { NotificationSubjectType } from './notification-subject-type';
import { NotificationWriter } from './notification-writer.service';
import { RecipientChangedError } from './recipient-changed.error';
import { SubjectGoneError } from './subject-gone.error';

/**
 * An escalation is planned weeks ahead, to the chain's owner of that day. When it is sent, the
 * action may be in another chain (its source moved) and the chain may have another owner. So the
 * recipients are asked again (EscalationRecipients): every other current one gets the escalation
 * too, due now (the dedupe key of this action, due date and person leaves one already sent alone);
 * a recipient who is no longer one gets none (RecipientChangedError: the row is cancelled, with
 * the reason).
 */
@Injectable()
export class EscalationReaddress {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly escalations: EscalationRecipients,
    private readonly writer: NotificationWriter,
  ) {}

  async check(n: ClaimedNotification, now: Date): Promise<void> {
    const [action]: { organisation_id: string; chain_id: string | null; due_date: string }[] =
      await this.dataSource.query(
        `SELECT organisation_id, chain_id, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM actions WHERE id = $1`,
        [n.subject_id],
      );
    if (!action) throw new SubjectGoneError(NotificationSubjectType.Action, n.subject_id);
    const current = await this.escalations.of(
      this.dataSource.manager,
      { organisationId: action.organisation_id, chainId: action.chain_id },
      localDate(now),
    );
    const others = current.recipients.filter((person) => person.id !== n.recipient_id);
    if (others.length > 0)
      await this.dataSource.transaction(async (m) => {
        for (const to of others)
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
            payload: { ...n.payload, chainId: action.chain_id, recipientRole: current.as },
          });
      });
    if (others.length === current.recipients.length)
      throw new RecipientChangedError(
        `escalation no longer goes to ${n.recipient_id ?? n.target}: ` +
          `on ${localDate(now)} it goes to ${current.as} ${others.map((p) => p.id).join(', ') || '(nobody)'}`,
      );
  }
}
