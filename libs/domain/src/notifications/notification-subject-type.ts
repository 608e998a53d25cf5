/**
 * The subject types the delivery side knows how to render (a notification's subjectType).
 * Rows about other subjects are sent with the generic text from their payload.
 */
export enum NotificationSubjectType {
  Session = 'reflection-session',
  Series = 'reflection-series',
  Action = 'action',
  ReportSnapshot = 'report-snapshot',
}
