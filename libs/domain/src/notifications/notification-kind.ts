/**
 * What an e-mail says (a notification's kind); a webhook's notification has its event's type
 * (WebhookEventType) as its kind. The delivery log filters on both.
 */
export enum NotificationKind {
  Agenda = 'agenda',
  SessionReminder = 'session-reminder',
  SessionMoved = 'session-moved',
  SessionCancelled = 'session-cancelled',
  SessionUninvited = 'session-uninvited',
  OutcomeRequest = 'outcome-request',
  ReflectionEscalation = 'reflection-escalation',
  ActionReminder = 'action-reminder',
  ActionOverdue = 'action-overdue',
  ActionEscalation = 'action-escalation',
  QuarterlyReport = 'quarterly-report',
}
