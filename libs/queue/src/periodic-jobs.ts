import { JobName } from './job-name';
import { PeriodicJob } from './periodic-job';

/**
 * The periodic jobs, in one list. The worker upserts a BullMQ job scheduler for each at start
 * (the scheduler id is the job name, so every replica upserting it leaves exactly one) and
 * removes schedulers no longer listed. To add one: a JobName, a line here, and an
 * `@OnJob(JobName.X)` method in a processor that calls the domain service.
 */
export const PERIODIC_JOBS: readonly PeriodicJob[] = [
  // Enqueues rows due soon (also those just written with dueAt = now) as delayed jobs.
  { name: JobName.DispatchNotifications, every: 2_000 },
  // Re-enqueues rows whose job Redis lost (flushed, crashed worker's claim expired).
  { name: JobName.ReconcileNotifications, every: 60_000 },
  // Keeps 12 months of sessions and plans the reminders that came within their notice window.
  { name: JobName.ExtendHorizon, pattern: '15 2 * * *', tz: 'Europe/Amsterdam' },
  // Compiles and sends agendas whose lead time has come.
  { name: JobName.DispatchAgendas, every: 60_000 },
  // Two sessions in a row not held: tell the chain's owner (or the leads).
  { name: JobName.SweepEscalations, pattern: '5 * * * *', tz: 'Europe/Amsterdam' },
  // Daily at 06:00: on the first working day of a quarter it freezes and sends the previous
  // quarter's report; on other days it finds nothing to do (and catches up after an outage).
  { name: JobName.CloseQuarter, pattern: '0 6 * * *', tz: 'Europe/Amsterdam' },
  // Shortly after midnight: triangle roles whose term ended (or began) with the day; their holders'
  // recurrence flags follow what they may see now (catches up on nights it missed).
  { name: JobName.RecheckReporterSight, pattern: '10 0 * * *', tz: 'Europe/Amsterdam' },
];
