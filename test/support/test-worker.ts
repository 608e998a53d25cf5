import { AppConfig } from '@app/config';
import { DeliverySettings } from '@app/domain/notifications/delivery-settings';
import { Clock } from '@app/domain/shared/clock';
import { TestingModule, Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { JobRunner } from '../../apps/worker/src/job-runner.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { WorkerSettings } from '../../apps/worker/src/worker-settings';

export interface TestWorker {
  app: TestingModule;
  /** Stops the worker as SIGTERM would: active jobs finish, connections close. */
  close(): Promise<void>;
}

export interface TestWorkerOptions {
  delivery?: Partial<DeliverySettings>;
  worker?: Partial<WorkerSettings>;
  clock?: Clock;
  /** False: no BullMQ jobs run (no dispatcher, no deliveries); a test calls the services itself. */
  runJobs?: boolean;
}

/**
 * The real worker module in-process, on the api test's database and Redis prefix, with short
 * retry delays and a fast reconciler so tests run in seconds.
 */
export async function startTestWorker(
  config: AppConfig,
  options: TestWorkerOptions = {},
): Promise<TestWorker> {
  const workerConfig = Object.assign(Object.create(AppConfig.prototype), config, {
    WORKER_METRICS_PORT: 0,
  }) as AppConfig;
  const delivery = Object.assign(
    new DeliverySettings(),
    { backoffMs: 100, claimMs: 5_000 },
    options.delivery,
  );
  const worker = Object.assign(new WorkerSettings(), { heartbeatMs: 1_000 }, options.worker);
  let builder = Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(AppConfig)
    .useValue(workerConfig)
    .overrideProvider(DeliverySettings)
    .useValue(delivery)
    .overrideProvider(WorkerSettings)
    .useValue(worker);
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  if (options.runJobs === false) builder = builder.overrideProvider(JobRunner).useValue({});
  const app = await builder.compile();
  if (!process.env.DEBUG_WORKER) app.useLogger(false);
  await app.init();
  return { app, close: () => app.close() };
}

/** Deletes every Redis key under a prefix (and nothing else): what a flush of our keys looks like. */
export async function flushRedisPrefix(config: AppConfig): Promise<number> {
  const redis = new Redis(config.REDIS_URL);
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.REDIS_PREFIX}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns a truthy value or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
