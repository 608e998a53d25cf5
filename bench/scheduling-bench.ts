import 'reflect-metadata';
import { dataSourceOptions, runMigrations } from '@app/database';
import { workerHeartbeatKey } from '@app/queue';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { DataSource, DataSourceOptions } from 'typeorm';
import { benchDatabaseUrl, dropDatabase } from './lib/bench-database';
import { cliOptions, count, log } from './lib/cli';
import { benchDir, resultsDir } from './lib/paths';
import { sizeLabel } from './lib/size-label';
import { loadFigures } from './report/figures';
import { renderFiguresMarkdown, replaceFigures } from './report/render-figures-markdown';
import { remindersTargetRow } from './scheduling/reminders-target-row';
import { BackendCpu, processCpuSeconds, redisCpuSeconds } from './scheduling/backend-cpu';
import { planReminders } from './scheduling/plan-reminders';
import {
  loadSchedulingFigures,
  mergeScheduling,
  saveSchedulingFigures,
} from './scheduling/scheduling-figures';
import { SchedulingResult } from './scheduling/scheduling-result';
import { renderSchedulingMarkdown, replaceScheduling } from './scheduling/render-scheduling-markdown';
import { startSmtpSink } from './scheduling/smtp-sink';
import { summariseDeliveries } from './scheduling/summarise-deliveries';
import { WorkerProcess } from './scheduling/worker-process';

const USAGE = `Plans many session reminders due in the same minute and lets the real worker (the built
dist/apps/worker) deliver them to a local SMTP sink that counts every message by Message-ID.
Reports delivery rate, lag (arrival − dueAt) p50/p99, duplicates and lost messages, and updates
bench/scheduling-figures.json and bench/README.md.

  npm run bench:scheduling -- --reminders 10k
  node dist/bench/scheduling-bench.js --reminders 1k --workers 2

  --reminders  how many reminders (default 10k; 1k, 10k, 100k …)
  --workers    worker processes (default 1)
  --spread     seconds over which the due times are spread (default 60: one minute; 0: all at once)
  --lead       seconds from the start of planning to the first due time (default 30 + 1 per 400 reminders)
  --timeout    abort this many seconds after the target deadline (default 120)
  --pool       DATABASE_POOL_SIZE of each worker (default 10)
  --database   database name (default leerlus_bench_scheduling; dropped and created afresh)
  --keep       keep the database afterwards
  --no-save    print the figures only (no figures file or README update)

Target: 10,000 reminders due in the same minute all delivered within 60 s of the end of that
minute, lag p99 ≤ 5 s, no duplicates, none lost.`;

interface Flags {
  reminders?: string;
  workers?: string;
  spread?: string;
  lead?: string;
  timeout?: string;
  pool?: string;
  database?: string;
  keep?: boolean;
  'no-save'?: boolean;
}

const TARGET = { reminders: 10_000, withinSeconds: 60, lagP99Ms: 5_000 };

async function main(): Promise<void> {
  const flags = cliOptions<Flags>(USAGE, {
    reminders: { type: 'string' },
    workers: { type: 'string' },
    spread: { type: 'string' },
    lead: { type: 'string' },
    timeout: { type: 'string' },
    pool: { type: 'string' },
    database: { type: 'string' },
    keep: { type: 'boolean' },
    'no-save': { type: 'boolean' },
  });
  const reminders = count(flags.reminders, 10_000, 'reminders');
  const workers = count(flags.workers, 1, 'workers');
  const spreadSeconds = flags.spread === '0' ? 0 : count(flags.spread, 60, 'spread');
  const leadSeconds = count(flags.lead, 30 + Math.ceil(reminders / 400), 'lead');
  const timeoutSeconds = count(flags.timeout, 120, 'timeout');
  const poolSize = count(flags.pool, 10, 'pool');
  const database = flags.database ?? 'leerlus_bench_scheduling';
  const runId = randomBytes(4).toString('hex');
  const prefix = `leerlus-bench-sched-${runId}`;
  const url = benchDatabaseUrl(database);
  mkdirSync(resultsDir(), { recursive: true });
  const startedAt = new Date().toISOString();
  const loadAverage = Math.round(loadavg()[0] * 100) / 100;

  log(`${reminders} reminders over ${spreadSeconds} s, ${workers} worker process(es), database ${database}`);
  await dropDatabase(url);
  await runMigrations(url);
  const options = dataSourceOptions(url, 8);
  // Its own application name, so the CPU of the worker's backends can be told apart.
  const dataSource = new DataSource({
    ...options,
    extra: { ...options.extra, application_name: 'leerlus-bench' },
  } as DataSourceOptions);
  await dataSource.initialize();
  const sink = await startSmtpSink();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const processes: WorkerProcess[] = [];
  const killAll = () => processes.forEach((p) => p.kill());
  process.once('exit', killAll);
  process.once('SIGINT', () => {
    killAll();
    process.exit(130);
  });

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

    const firstDueAt = Math.ceil((Date.now() + leadSeconds * 1000) / 1000) * 1000;
    const spreadMs = spreadSeconds * 1000;
    const plan = await planReminders(dataSource, { reminders, firstDueAt, spreadMs, runId });
    log(
      `planned ${plan.dueAt.size} reminders for ${plan.sessions} sessions in ${plan.planSeconds.toFixed(1)} s; ` +
        `first due at ${new Date(firstDueAt).toISOString().slice(11, 19)}`,
    );
    if (Date.now() > firstDueAt - 5_000)
      throw new Error(`planning took longer than the lead time; run again with --lead ${leadSeconds * 2}`);

    // CPU from here on: what delivering costs (the rows are already dispatched or being so).
    const backends = new BackendCpu(dataSource, database);
    backends.start();
    const cpuStart = {
      workers: processes.map((p) => processCpuSeconds(p.pid)),
      redis: await redisCpuSeconds(redis),
      bench: process.cpuUsage(),
    };

    // The due minute starts at the first due time; the target allows 60 s after it ends.
    const deadline = firstDueAt + Math.max(spreadMs, 60_000) + TARGET.withinSeconds * 1000;
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
      if (Date.now() - lastReport >= 5_000) {
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
    const summary = summariseDeliveries(plan.dueAt, sink.arrivals, deadline);
    const statuses: { status: string; n: number }[] = await dataSource.query(
      `SELECT status, count(*)::int AS n FROM notifications WHERE organisation_id = $1 GROUP BY status`,
      [plan.organisationId],
    );
    const maxAttempts: { max: number }[] = await dataSource.query(
      `SELECT max(attempts)::int AS max FROM notifications WHERE organisation_id = $1`,
      [plan.organisationId],
    );
    const result: SchedulingResult = {
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
      planSeconds: round(plan.planSeconds),
      status: abortReason ? 'aborted' : 'completed',
      abortReason,
      ...summary,
      smtpConnections: sink.connections(),
      maxAttempts: maxAttempts[0]?.max ?? 0,
      statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
      workerUsage: usage,
      cpuMsPerMessage,
      meetsTarget:
        reminders >= TARGET.reminders && spreadSeconds <= 60
          ? summary.byDeadline === reminders &&
            summary.lagMs.p99 <= TARGET.lagP99Ms &&
            summary.duplicates === 0 &&
            summary.lost === 0
          : null,
    };
    printResult(result);
    const file = resultsDir(`${startedAt.replace(/[:.]/g, '-')}-scheduling-${sizeLabel(reminders)}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`result in ${file}`);
    if (!flags['no-save']) {
      const figures = mergeScheduling(loadSchedulingFigures(), result);
      saveSchedulingFigures(figures);
      const readme = benchDir('README.md');
      let text = readFileSync(readme, 'utf8');
      text = replaceScheduling(text, renderSchedulingMarkdown(figures));
      text = replaceFigures(text, renderFiguresMarkdown(loadFigures(), remindersTargetRow(figures)));
      writeFileSync(readme, text);
      log('Updated bench/scheduling-figures.json and bench/README.md');
    }
  } finally {
    killAll();
    await sink.close();
    await dataSource.destroy();
    await deleteKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
    if (!flags.keep) await dropDatabase(url);
  }
  if (abortReason) process.exitCode = 1;
}

function printResult(r: SchedulingResult): void {
  const ms = (v: number) => (Number.isNaN(v) ? '-' : `${Math.round(v)} ms`);
  console.log(
    [
      '',
      `  delivered        ${r.delivered} of ${r.planned} (${r.byDeadline} within ${TARGET.withinSeconds} s of the due minute)`,
      `  duplicates       ${r.duplicates}`,
      `  lost             ${r.lost}`,
      `  rate             ${Math.round(r.ratePerSecond)} messages/s (first to last arrival)`,
      `  lag              p50 ${ms(r.lagMs.p50)}, p95 ${ms(r.lagMs.p95)}, p99 ${ms(r.lagMs.p99)}, max ${ms(r.lagMs.max)}`,
      `  drain            ${r.drainSeconds.toFixed(1)} s after the last due time`,
      `  SMTP connections ${r.smtpConnections}`,
      `  CPU per message  worker ${r.cpuMsPerMessage.worker} ms, Postgres ${r.cpuMsPerMessage.postgres} ms, ` +
        `Redis ${r.cpuMsPerMessage.redis} ms (whole server), SMTP sink ${r.cpuMsPerMessage.sinkAndBench} ms`,
      `  worker CPU       ${r.workerUsage.map((u) => `${u.cpuSeconds} s`).join(', ')} (peak RSS ${r.workerUsage.map((u) => `${u.peakRssMiB} MiB`).join(', ')})`,
      `  rows             ${JSON.stringify(r.statuses)}, max attempts ${r.maxAttempts}`,
      `  target           ${r.meetsTarget === null ? 'not applicable (fewer than 10,000 or spread over more than a minute)' : r.meetsTarget ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
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
const round = (v: number) => Math.round(v * 10) / 10;

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
