import { JobName } from './job-name';

/** A job the worker schedules itself: every `every` milliseconds, or on a cron `pattern` in `tz`. */
export type PeriodicJob = { name: JobName } & (
  { every: number; pattern?: never; tz?: never } | { pattern: string; tz?: string; every?: never }
);
