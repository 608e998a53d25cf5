import { Injectable } from '@nestjs/common';
import { JobName, PeriodicJob } from '@app/queue';

/** Knobs of the worker process; a class so tests can provide faster values. */
@Injectable()
export class WorkerSettings {
  /** Parallel jobs per queue. Deliveries wait on the network, so many at once. */
  concurrency: Record<string, number> = { notifications: 10, periodic: 2 };
  heartbeatMs = 5_000;
  /** How often BullMQ looks for jobs of a dead worker whose lock expired (they run again). */
  stalledIntervalMs = 30_000;
  /** Replaces the interval of periodic jobs (tests run the reconciler every second). */
  everyOverride: Partial<Record<JobName, number>> = {};

  schedule(job: PeriodicJob): PeriodicJob {
    const every = this.everyOverride[job.name];
    return every ? { name: job.name, every } : job;
  }
}
