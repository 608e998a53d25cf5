import { EntityManager } from 'typeorm';
import { isSeriesInvitee } from '../reflection/is-series-invitee';
import { localDate } from '../shared/local-date';
import { NotificationKind } from './notification-kind';
import { NotificationSubjectType } from './notification-subject-type';

/** E-mails that invite to a session or remind of it: for who its series invites. */
const TO_INVITED: string[] = [
  NotificationKind.Agenda,
  NotificationKind.SessionMoved,
  NotificationKind.SessionReminder,
];

/**
 * Whether an e-mail about a session still goes to someone its series invites today (chair,
 * participant, or in its chain's triangle): an agenda, reminder or move that failed and is retried
 * must not put the meeting in the calendar of someone taken off the list meanwhile (no withdrawal
 * would follow). True for other messages, and for a session that is gone (its own check says so).
 */
export async function isStillInvited(
  m: EntityManager,
  message: { kind: string; subjectType: string; subjectId: string; recipientId: string | null },
  now: Date,
): Promise<boolean> {
  if (
    message.subjectType !== NotificationSubjectType.Session ||
    !TO_INVITED.includes(message.kind) ||
    !message.recipientId
  )
    return true;
  const [row]: { invited: boolean }[] = await m.query(
    `SELECT ${isSeriesInvitee('r', '$2::uuid', '$3::date')} AS invited
     FROM reflection_sessions s JOIN reflection_series r ON r.id = s.series_id WHERE s.id = $1`,
    [message.subjectId, message.recipientId, localDate(now)],
  );
  return row?.invited ?? true;
}
