import { EntityManager } from 'typeorm';
import { localDate } from '../shared/local-date';
import { ClaimedNotification } from './claimed-notification';
import { NotificationSubjectType } from './notification-subject-type';
import { StaleNotificationError } from './stale-notification.error';
import { SubjectGoneError } from './subject-gone.error';

/** About an open action and its due date: a done, cancelled or re-dated action needs none of them. */
const ACTION_NOTICES = ['action-reminder', 'action-overdue', 'action.overdue'];
/** Messages that prepare a session, by e-mail and webhook: no use once it has begun. */
const BEFORE_SESSION = ['session-reminder', 'agenda', 'session.reminder', 'agenda.published'];
/** Reminders of a session, by e-mail and webhook. */
const REMINDERS = ['session-reminder', 'session.reminder'];
/** Messages about a session still to be held or recorded (planned or agenda sent). */
const OPEN_SESSION = [...BEFORE_SESSION, 'outcome-request'];

/** Reports are for leads and admins (and the system administrator). */
const REPORT_READERS = ['lead', 'admin'];

/**
 * Checks, when it is sent, that a message still says something true, to someone who may read it. What changes the subject
 * cancels the messages not sent yet, but not one that failed and is retried from the delivery log,
 * nor one claimed just before the change: the action is done by then, or the session has begun.
 */
export async function requireStillRelevant(
  m: EntityManager,
  n: ClaimedNotification,
  now: Date,
): Promise<void> {
  if (n.subject_type === NotificationSubjectType.Action && ACTION_NOTICES.includes(n.kind)) {
    const [action]: { status: string; dueDate: string; assigneeId: string }[] = await m.query(
      `SELECT status, due_date::text AS "dueDate", assignee_id AS "assigneeId" FROM actions WHERE id = $1`,
      [n.subject_id],
    );
    // Gone: a webhook has no context loader to say so, and a retry must not announce it.
    if (!action) throw new SubjectGoneError(NotificationSubjectType.Action, n.subject_id);
    if (action.status !== 'open') throw new StaleNotificationError(`the action is ${action.status}`);
    // A notice to its assignee that a change planned while the action changed hands (the new
    // assignee's are planned by that change).
    if (n.payload.recipientRole === 'assignee' && n.recipient_id !== action.assigneeId)
      throw new StaleNotificationError('the action is assigned to someone else');
    const data = (n.payload.data ?? n.payload) as { dueDate?: unknown };
    if (data.dueDate !== undefined && data.dueDate !== action.dueDate)
      throw new StaleNotificationError('the action has another due date');
    // Sent late (the worker was down, or a retry): it would say a date already past is near.
    if (n.kind === 'action-reminder' && action.dueDate < localDate(now))
      throw new StaleNotificationError('the due date has passed');
  }
  if (n.kind === 'quarterly-report' && n.recipient_id) {
    const [reader]: { accessRole: string; systemAdmin: boolean }[] = await m.query(
      `SELECT access_role AS "accessRole", system_admin AS "systemAdmin" FROM people WHERE id = $1`,
      [n.recipient_id],
    );
    if (reader && !reader.systemAdmin && !REPORT_READERS.includes(reader.accessRole))
      throw new StaleNotificationError('the recipient no longer reads reports');
  }
  if (n.subject_type === NotificationSubjectType.Session && OPEN_SESSION.includes(n.kind)) {
    const [session]: { status: string; scheduledAt: Date }[] = await m.query(
      `SELECT status, scheduled_at AS "scheduledAt" FROM reflection_sessions WHERE id = $1`,
      [n.subject_id],
    );
    if (!session) throw new SubjectGoneError(NotificationSubjectType.Session, n.subject_id);
    if (!['planned', 'agenda-sent'].includes(session.status))
      throw new StaleNotificationError(`the session is ${session.status}`);
    if (BEFORE_SESSION.includes(n.kind) && session.scheduledAt <= now)
      throw new StaleNotificationError('the session has begun');
    // A reminder is of a start time (its key holds it): one of a start the session moved from,
    // planned again by a change that raced with the move, is not sent.
    const remindedOf = ((n.payload.data ?? n.payload) as { scheduledAt?: unknown }).scheduledAt;
    if (
      REMINDERS.includes(n.kind) &&
      typeof remindedOf === 'string' &&
      remindedOf !== session.scheduledAt.toISOString()
    )
      throw new StaleNotificationError('the session has moved');
    if (n.kind === 'outcome-request' && n.payload.standIn === true) await requireStillStandIn(m, n);
  }
}

/**
 * A request for an outcome to a stand-in for a chair who left (leadsOrAdmins) holds while the
 * series has no active chair and the recipient is still an active lead or admin: a change that
 * raced with it, or a chair given to a stopped series, would otherwise ask the wrong person.
 */
async function requireStillStandIn(m: EntityManager, n: ClaimedNotification): Promise<void> {
  const [state]: { chairActive: boolean; recipientMayRecord: boolean }[] = await m.query(
    `SELECT chair.active AS "chairActive",
       coalesce(recipient.active AND recipient.access_role IN ('lead', 'admin'), false) AS "recipientMayRecord"
     FROM reflection_sessions s
     JOIN reflection_series r ON r.id = s.series_id
     JOIN people chair ON chair.id = r.chair_id
     LEFT JOIN people recipient ON recipient.id = $2
     WHERE s.id = $1`,
    [n.subject_id, n.recipient_id],
  );
  if (!state) return;
  if (state.chairActive) throw new StaleNotificationError('the series has an active chair again');
  if (!state.recipientMayRecord)
    throw new StaleNotificationError('the recipient no longer stands in for the chair');
}
