import { AppConfig } from '@app/config';
import {
  checkJobHandlers,
  JobHandlerRef,
  JobName,
  JobQueues,
  ON_JOB,
  PERIODIC_JOBS,
  QueueName,
  queueOf,
  redisConnection,
} from '@app/queue';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DelayedError, Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { WorkerMetrics } from './metrics/worker-metrics.service';
import { redisAddress } from './redis-address';
import { within } from './within';
import { WorkerSettings } from './worker-settings';

type Handler = (job: Job, token?: string) => Promise<unknown>;

/** How long a shutdown waits for active jobs and Redis; under the 30 s a supervisor usually gives. */
const SHUTDOWN_GRACE_MS = 20_000;

/**
 * Runs the jobs: finds every `@OnJob` method, refuses to start unless each declared job has
 * exactly one handler, keeps the periodic job schedulers in Redis, and runs one BullMQ Worker
 * per queue. On shutdown (SIGTERM) the workers finish their active jobs and close their
 * connections, so the process exits without leaked handles.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobRunner');
  private readonly handlers = new Map<string, Handler>();
  private readonly workers: Worker[] = [];
  private connection?: Redis;
  private schedulerTimer?: NodeJS.Timeout;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly queues: JobQueues,
    private readonly settings: WorkerSettings,
    private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const refs = this.discoverHandlers();
    const problems = checkJobHandlers(Object.values(JobName), refs);
    if (problems.length > 0) {
      throw new Error(`The worker cannot start: ${problems.join('; ')}.`);
    }
    // Without Redis the schedulers wait for ever, and logs are held until the start is done: a
    // worker that seemed to start would say nothing and do nothing.
    const schedulers = this.ensureSchedulers();
    if (!(await within(this.settings.redisStartWaitMs, schedulers)))
      throw new Error(
        `The worker cannot start: Redis (REDIS_URL, ${redisAddress(this.config.REDIS_URL)}) did not answer ` +
          `within ${this.settings.redisStartWaitMs / 1000} s.`,
      );
    await schedulers; // its own error, if it failed
    // A Redis flush or failover also loses the schedulers: check them again now and then.
    this.schedulerTimer = setInterval(
      () => this.ensureSchedulers().catch((e: Error) => this.logger.warn(`Schedulers: ${e.message}`)),
      Math.max(1000, this.settings.heartbeatMs),
    );
    this.schedulerTimer.unref();
    this.connection = redisConnection(this.config.REDIS_URL, 'bullmq');
    for (const queue of Object.values(QueueName)) this.startWorker(queue);
    this.logger.log(
      `Running ${this.handlers.size} job kinds on queues ${Object.values(QueueName).join(', ')}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.schedulerTimer);
    const closed = await within(SHUTDOWN_GRACE_MS, Promise.all(this.workers.map((worker) => worker.close())));
    if (!closed) {
      // Redis does not answer (a job's claim in Postgres lapses, and another worker sends it).
      this.logger.warn(
        `Workers not closed after ${SHUTDOWN_GRACE_MS} ms (is Redis reachable?); stopping anyway`,
      );
      for (const worker of this.workers) void worker.disconnect().catch(() => undefined);
    }
    this.connection?.disconnect();
  }

  private discoverHandlers(): JobHandlerRef[] {
    const refs: JobHandlerRef[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const jobName = this.reflector.get<string | undefined>(ON_JOB, fn);
        if (!jobName) continue;
        refs.push({ jobName, owner: `${instance.constructor.name}.${method}` });
        this.handlers.set(jobName, (job, token) => fn.call(instance, job, token));
      }
    }
    return refs;
  }

  /** One scheduler per periodic job, id = job name (upserting from every replica leaves one). */
  private async ensureSchedulers(): Promise<void> {
    const wanted = new Set<string>();
    for (const declared of PERIODIC_JOBS) {
      const job = this.settings.schedule(declared);
      const queue = this.queues.queue(queueOf(job.name));
      wanted.add(`${queue.name}/${job.name}`);
      const existing = await queue.getJobScheduler(job.name);
      const same =
        existing && (job.every ? Number(existing.every) === job.every : existing.pattern === job.pattern);
      if (same) continue;
      await queue.upsertJobScheduler(
        job.name,
        job.every ? { every: job.every } : { pattern: job.pattern, tz: job.tz },
        { name: job.name, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    }
    // Schedulers of jobs no longer listed would otherwise run (and fail) forever.
    for (const queueName of Object.values(QueueName)) {
      const queue = this.queues.queue(queueName);
      for (const scheduler of await queue.getJobSchedulers()) {
        if (!wanted.has(`${queueName}/${scheduler.key}`)) await queue.removeJobScheduler(scheduler.key);
      }
    }
  }

  private startWorker(queue: QueueName): void {
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`No handler for job ${job.name}`);
        return handler(job, token);
      },
      {
        connection: this.connection!,
        prefix: this.config.REDIS_PREFIX,
        concurrency: this.settings.concurrency[queue] ?? 1,
        stalledInterval: this.settings.stalledIntervalMs,
      },
    );
    worker.on('completed', (job) => this.metrics.jobs.inc({ name: job.name, outcome: 'completed' }));
    worker.on('failed', (job, error) => {
      if (error instanceof DelayedError || error?.name === 'DelayedError') {
        this.metrics.jobs.inc({ name: job?.name ?? 'unknown', outcome: 'delayed' });
        return;
      }
      this.metrics.jobs.inc({ name: job?.name ?? 'unknown', outcome: 'failed' });
      this.logger.warn(`Job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
    });
    worker.on('error', (error) => this.logger.error(`Worker ${queue}: ${error.message}`));
    this.workers.push(worker);
  }
}
