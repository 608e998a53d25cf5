import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { JobName, PeriodicJob } from '@app/queue';

/** Knobs of the worker process; a class so tests can provide faster values. */
@Injectable()
export class WorkerSettings {
  /** Parallel jobs per queue. Deliveries wait on the network, so many at once. */
  concurrency: Record<string, number> = { notifications: 10, periodic: 2 };
  heartbeatMs = 5_000;
  /** How long a starting worker waits for Redis before it gives up, saying so (a supervisor restarts it). */
  redisStartWaitMs = 30_000;
  /** How often BullMQ looks for jobs of a dead worker whose lock expired (they run again). */
  stalledIntervalMs = 30_000;
  /** Replaces the interval of periodic jobs (tests run the reconciler every second). */
  everyOverride: Partial<Record<JobName, number>> = {};

  /** The settings of a worker process: the defaults, with WORKER_CONCURRENCY for deliveries. */
  static from(config: AppConfig): WorkerSettings {
    const settings = new WorkerSettings();
    settings.concurrency = { ...settings.concurrency, notifications: config.WORKER_CONCURRENCY };
    return settings;
  }

  schedule(job: PeriodicJob): PeriodicJob {
    const every = this.everyOverride[job.name];
    return every ? { name: job.name, every } : job;
  }
}
