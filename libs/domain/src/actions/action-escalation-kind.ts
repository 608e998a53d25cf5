import { NotificationKind } from '../notifications/notification-kind';

/** The notification kind of an overdue action's escalation to its chain's owner (or the leads). */
export const ACTION_ESCALATION_KIND = NotificationKind.ActionEscalation;
