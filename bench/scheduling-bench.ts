import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cliOptions, count, log } from './lib/cli';
import { resultsDir } from './lib/paths';
import { sizeLabel } from './lib/size-label';
import { updateReadme } from './report/update-readme';
import { printSchedulingResult } from './scheduling/print-scheduling-result';
import { runSchedulingBench } from './scheduling/run-scheduling-bench';
import {
  loadSchedulingFigures,
  mergeScheduling,
  saveSchedulingFigures,
} from './scheduling/scheduling-figures';

const USAGE = `Plans many session reminders due in the same minute and lets the real worker (the built
dist/apps/worker) deliver them to a local SMTP sink that counts every message by Message-ID.
Reports delivery rate, lag (arrival − dueAt) p50/p99, duplicates and lost messages, and updates
bench/scheduling-figures.json, bench/README.md and bench/scheduling-lag.svg.
(npm run bench runs it at 1k, 10k and 100k reminders after the HTTP scenarios.)

  npm run bench:scheduling -- --reminders 10k
  node dist/bench/scheduling-bench.js --reminders 1k,10k,100k --workers 2

  --reminders  how many reminders, comma-separated for several runs (default 10k; 1k, 10k, 100k …)
  --workers    worker processes (default 1)
  --spread     seconds over which the due times are spread (default 60: one minute; 0: all at once)
  --lead       seconds from the end of planning to the first due time (default 30 + 1 per 2,000 reminders)
  --timeout    abort this many seconds after the target deadline (default 120 + 1 per 100 reminders)
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
  mkdirSync(resultsDir(), { recursive: true });
  let aborted = false;
  for (const size of (flags.reminders ?? '10k').split(',')) {
    const reminders = count(size, 10_000, 'reminders');
    const result = await runSchedulingBench({
      reminders,
      workers: count(flags.workers, 1, 'workers'),
      spreadSeconds: flags.spread === '0' ? 0 : count(flags.spread, 60, 'spread'),
      leadSeconds: flags.lead ? count(flags.lead, 30, 'lead') : undefined,
      timeoutSeconds: flags.timeout ? count(flags.timeout, 120, 'timeout') : undefined,
      poolSize: count(flags.pool, 10, 'pool'),
      database: flags.database ?? 'leerlus_bench_scheduling',
      keep: flags.keep ?? false,
      log,
    });
    printSchedulingResult(result);
    const file = resultsDir(
      `${result.startedAt.replace(/[:.]/g, '-')}-scheduling-${sizeLabel(reminders)}.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`result in ${file}`);
    if (!flags['no-save']) {
      saveSchedulingFigures(mergeScheduling(loadSchedulingFigures(), result));
      log(`Updated bench/scheduling-figures.json, ${updateReadme().join(', ')}`);
    }
    aborted ||= result.status === 'aborted';
  }
  if (aborted) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
