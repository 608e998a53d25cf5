import { dataSourceOptions, runMigrations } from '@app/database';
import { workerHeartbeatKey } from '@app/queue';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { DataSource, DataSourceOptions } from 'typeorm';
import { benchDatabaseUrl, dropDatabase } from '../lib/bench-database';
import { resultsDir } from '../lib/paths';
import { BackendCpu, processCpuSeconds, redisCpuSeconds } from './backend-cpu';
import { moveDueTimes } from './move-due-times';
import { planReminders } from './plan-reminders';
import { SchedulingResult } from './scheduling-result';
import { meetsSchedulingTarget, SCHEDULING_TARGET } from './scheduling-target';
import { startSmtpSink } from './smtp-sink';
import { summariseDeliveries } from './summarise-deliveries';
import { WorkerProcess } from './worker-process';

export interface SchedulingBenchOptions {
  reminders: number;
  workers: number;
  /** Seconds over which the due times are spread (60: one minute; 0: all at once). */
  spreadSeconds: number;
  /** Seconds from the end of planning to the first due time (default 30 + 1 per 2,000 reminders). */
  leadSeconds?: number;
  /** Give up this many seconds after the target deadline (default 120 + 1 per 100 reminders). */
  timeoutSeconds?: number;
  poolSize: number;
  database: string;
  keep: boolean;
  log: (message: string) => void;
}

/** Planning starts this far ahead of the due minute: beyond the dispatcher's two-minute lookahead. */
const PROVISIONAL_LEAD_MS = 60 * 60_000;

/**
 * Plans `reminders` session reminders due in the same minute in a fresh database, lets the built
 * worker (one or more processes) deliver them to a local SMTP sink that counts every message by
 * Message-ID, and returns delivery rate, lag, duplicates and lost messages with the CPU each
 * part used. The database and the Redis keys are removed afterwards (unless `keep`).
 */
export async function runSchedulingBench(options: SchedulingBenchOptions): Promise<SchedulingResult> {
  const { reminders, workers, spreadSeconds, poolSize, database, log } = options;
  const leadSeconds = options.leadSeconds ?? 30 + Math.ceil(reminders / 2_000);
  const timeoutSeconds = options.timeoutSeconds ?? 120 + Math.ceil(reminders / 100);
  const runId = randomBytes(4).toString('hex');
  const prefix = `leerlus-bench-sched-${runId}`;
  const url = benchDatabaseUrl(database);
  const startedAt = new Date().toISOString();
  const loadAverage = Math.round(loadavg()[0] * 100) / 100;

  log(`${reminders} reminders over ${spreadSeconds} s, ${workers} worker process(es), database ${database}`);
  await dropDatabase(url);
  await runMigrations(url);
  const base = dataSourceOptions(url, 8);
  // Its own application name, so the CPU of the worker's backends can be told apart.
  const dataSource = new DataSource({
    ...base,
    extra: { ...base.extra, application_name: 'leerlus-bench' },
  } as DataSourceOptions);
  await dataSource.initialize();
  const sink = await startSmtpSink();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const processes: WorkerProcess[] = [];
  const killAll = () => processes.forEach((p) => p.kill());
  const interrupted = () => {
    killAll();
    process.exit(130);
  };
  process.once('exit', killAll);
  process.once('SIGINT', interrupted);

  let abortReason: string | undefined;
  try {
    for (let w = 0; w < workers; w++) {
      processes.push(
        WorkerProcess.start({
          logFile: resultsDir(`scheduling-worker-${w + 1}.log`),
          env: {
            NODE_ENV: 'production',
            LOG_LEVEL: 'warn',
            DATABASE_URL: url,
            DATABASE_POOL_SIZE: String(poolSize),
            REDIS_URL: redisUrl,
            REDIS_PREFIX: prefix,
            SMTP_URL: sink.url,
            MAIL_FROM: 'Leerlus <leerlus@bench.example.nl>',
            WORKER_METRICS_PORT: '0',
            CALENDAR_FEED_SECRET: randomBytes(32).toString('hex'),
          },
        }),
      );
    }
    await waitFor(
      async () => (await redis.zcard(workerHeartbeatKey(prefix))) >= workers,
      60_000,
      () => `the worker did not start:\n${processes.map((p) => p.logTail()).join('\n')}`,
    );
    log(`worker(s) running: pid ${processes.map((p) => p.pid).join(', ')}`);

    const spreadMs = spreadSeconds * 1000;
    const provisional = Date.now() + PROVISIONAL_LEAD_MS;
    const plan = await planReminders(dataSource, { reminders, firstDueAt: provisional, spreadMs, runId });
    const firstDueAt = Math.ceil((Date.now() + leadSeconds * 1000) / 1000) * 1000;
    const dueAt = await moveDueTimes(dataSource, plan.organisationId, firstDueAt - provisional);
    log(
      `planned ${dueAt.size} reminders for ${plan.sessions} sessions in ${plan.planSeconds.toFixed(1)} s; ` +
        `first due at ${new Date(firstDueAt).toISOString().slice(11, 19)}`,
    );

    // CPU from here on: what dispatching and delivering cost.
    const backends = new BackendCpu(dataSource, database);
    backends.start();
    const cpuStart = {
      workers: processes.map((p) => processCpuSeconds(p.pid)),
      redis: await redisCpuSeconds(redis),
      bench: process.cpuUsage(),
    };

    // The due minute starts at the first due time; the target allows 60 s after it ends.
    const deadline = firstDueAt + Math.max(spreadMs, 60_000) + SCHEDULING_TARGET.withinSeconds * 1000;
    const hardStop = deadline + timeoutSeconds * 1000;
    let lastReport = 0;
    while (sink.arrivals.size < reminders) {
      if (Date.now() > hardStop) {
        abortReason = `aborted ${timeoutSeconds} s after the deadline with ${sink.arrivals.size} of ${reminders} delivered`;
        log(`ABORTED: ${abortReason}`);
        break;
      }
      const dead = processes.find((p) => !p.running);
      if (dead) {
        abortReason = `a worker exited:\n${dead.logTail()}`;
        log(`ABORTED: ${abortReason}`);
        break;
      }
      if (Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        const t = ((Date.now() - firstDueAt) / 1000).toFixed(0);
        log(
          `  t=${t} s after the first due time: ${sink.arrivals.size} delivered, ${sink.received()} received`,
        );
      }
      await sleep(100);
    }
    // Anything sent twice would arrive within moments of the first copy.
    await sleep(3_000);
    const perMessage = (seconds: number) =>
      sink.arrivals.size ? Math.round((seconds * 1000 * 100) / sink.arrivals.size) / 100 : NaN;
    const benchCpu = process.cpuUsage(cpuStart.bench);
    const cpuMsPerMessage = {
      worker: perMessage(
        processes.reduce((sum, p, i) => sum + processCpuSeconds(p.pid) - cpuStart.workers[i], 0),
      ),
      postgres: perMessage(await backends.stop()),
      redis: perMessage((await redisCpuSeconds(redis)) - cpuStart.redis),
      sinkAndBench: perMessage((benchCpu.user + benchCpu.system) / 1e6),
    };
    const usage = await Promise.all(processes.map((p) => p.stop()));
    const summary = summariseDeliveries(dueAt, sink.arrivals, deadline);
    const statuses: { status: string; n: number }[] = await dataSource.query(
      `SELECT status, count(*)::int AS n FROM notifications WHERE organisation_id = $1 GROUP BY status`,
      [plan.organisationId],
    );
    const maxAttempts: { max: number }[] = await dataSource.query(
      `SELECT max(attempts)::int AS max FROM notifications WHERE organisation_id = $1`,
      [plan.organisationId],
    );
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? '?',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        loadAverage,
      },
      reminders,
      workers,
      spreadSeconds,
      sessions: plan.sessions,
      planSeconds: Math.round(plan.planSeconds * 10) / 10,
      status: abortReason ? 'aborted' : 'completed',
      abortReason,
      ...summary,
      smtpConnections: sink.connections(),
      maxAttempts: maxAttempts[0]?.max ?? 0,
      statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
      workerUsage: usage,
      cpuMsPerMessage,
      meetsTarget: meetsSchedulingTarget({ reminders, spreadSeconds, ...summary }),
    };
  } finally {
    killAll();
    process.removeListener('exit', killAll);
    process.removeListener('SIGINT', interrupted);
    await sink.close();
    await dataSource.destroy();
    await deleteKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
    if (!options.keep) await dropDatabase(url);
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(why());
    await sleep(250);
  }
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
