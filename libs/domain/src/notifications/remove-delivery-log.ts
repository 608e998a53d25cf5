import { EntityManager } from 'typeorm';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { NotificationStatus } from './notification-status';

/** A removed message as its audit event records it (NOTIFICATION_AUDIT_SUBJECT's fields). */
interface RemovedNotification {
  id: string;
  status: NotificationStatus;
  attempts: number;
  dueAt: Date;
  target: string;
  lastError: string | null;
  cancelReason: string | null;
}

const UNSENT = [NotificationStatus.Pending, NotificationStatus.Queued];
const DONE = [NotificationStatus.Sent, NotificationStatus.Failed, NotificationStatus.Cancelled];

/**
 * Deletes an organisation's delivery log (what was sent, cancelled or failed), for the deletion of
 * the organisation in the caller's transaction: the log has no delete of its own, and its rows
 * would keep the organisation forever. Refuses (409) while messages are still to be sent; the
 * status is checked again by the delete itself, so a message retried meanwhile stays and its
 * foreign key still holds the organisation back. Returns what it deleted, for the audit.
 */
export async function removeDeliveryLog(
  m: EntityManager,
  organisationId: string,
): Promise<RemovedNotification[]> {
  const [{ unsent }]: { unsent: number }[] = await m.query(
    `SELECT count(*)::int AS unsent FROM notifications WHERE organisation_id = $1 AND status = ANY($2::text[])`,
    [organisationId, UNSENT],
  );
  if (unsent > 0)
    throw new DomainError(
      ErrorCode.Conflict,
      `This organisation still has ${unsent === 1 ? 'a message' : `${unsent} messages`} to send ` +
        '(such as the withdrawal of a calendar invitation from someone deleted). The worker sends ' +
        'what is due within minutes, and deleting the sessions, actions and people a message is about ' +
        'cancels it; delete the organisation after that (its sent, cancelled and failed messages go with it).',
    );
  // TypeORM answers a DELETE … RETURNING with [rows, affectedCount].
  const [rows]: [RemovedNotification[], number] = await m.query(
    `DELETE FROM notifications WHERE organisation_id = $1 AND status = ANY($2::text[])
     RETURNING id, status, attempts, due_at AS "dueAt", target, last_error AS "lastError",
       cancel_reason AS "cancelReason"`,
    [organisationId, DONE],
  );
  return rows;
}
