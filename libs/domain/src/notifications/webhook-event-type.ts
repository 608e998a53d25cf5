/** The events a webhook subscription can listen to. */
export enum WebhookEventType {
  AgendaPublished = 'agenda.published',
  SessionReminder = 'session.reminder',
  SessionCancelled = 'session.cancelled',
  SessionPostponed = 'session.postponed',
  ReflectionEscalated = 'reflection.escalated',
  ActionOverdue = 'action.overdue',
  ReportPublished = 'report.published',
}
