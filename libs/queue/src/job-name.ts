/**
 * Every job the worker runs, declared once. The worker refuses to start unless each has exactly
 * one handler (see checkJobHandlers), so a name added here without a processor method is caught
 * at boot, not when the first job of that kind silently waits forever.
 */
export enum JobName {
  DeliverNotification = 'deliver-notification',
  DispatchNotifications = 'dispatch-notifications',
  ReconcileNotifications = 'reconcile-notifications',
  ExtendHorizon = 'extend-horizon',
  DispatchAgendas = 'dispatch-agendas',
  SweepEscalations = 'sweep-escalations',
  CloseQuarter = 'close-quarter',
  RecheckReporterSight = 'recheck-reporter-sight',
}
