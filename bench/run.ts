import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Pool } from 'pg';
import { generateDataSet } from './generator/generate-data-set';
import { issueBenchContext } from './generator/issue-bench-context';
import { runHttpBench } from './http/run-http-bench';
import { BenchContext } from './lib/bench-context';
import {
  BenchMarker,
  GENERATOR_VERSION,
  benchDatabaseUrl,
  dropDatabase,
  readMarker,
} from './lib/bench-database';
import { cliOptions, count, log } from './lib/cli';
import { resultsDir } from './lib/paths';
import { sizeLabel } from './lib/size-label';
import { loadFigures, mergeGeneration, mergeHttp, saveFigures } from './report/figures';
import { updateReadme } from './report/update-readme';
import { printSchedulingResult } from './scheduling/print-scheduling-result';
import { runSchedulingBench } from './scheduling/run-scheduling-bench';
import {
  loadSchedulingFigures,
  mergeScheduling,
  saveSchedulingFigures,
} from './scheduling/scheduling-figures';

const USAGE = `The whole benchmark in one command: generates (or reuses) one database per data size, runs the
HTTP scenarios against the built api on each, then the scheduling benchmark (reminders due in the
same minute, delivered by the built worker) at each reminder count, and updates bench/figures.json,
bench/scheduling-figures.json, bench/README.md, bench/latency-vs-size.svg and bench/scheduling-lag.svg.

  npm run bench:quick      10k and 100k incidents, 5 s per scenario; 1k and 10k reminders
  npm run bench            10k, 100k and 1m incidents, 10 s per scenario; 1k, 10k and 100k reminders

  --sizes       comma-separated incident counts (default 10k,100k,1m; none: skip the HTTP part)
  --seconds     measured seconds per scenario (default 10)
  --warmup      warm-up seconds per scenario (default 2)
  --seed        data seed (default leerlus)
  --regenerate  generate again even when a database with a matching marker exists
  --drop-after  drop each database after measuring it (default: keep them for the next run)
  --scenarios   comma-separated scenario keys (default all)
  --reminders   comma-separated reminder counts for the scheduling benchmark (default 1k,10k,100k;
                none: skip it)
  --workers     worker processes delivering the reminders (default 2)
  --spread      seconds over which the reminders fall due (default 60: the same minute)
  --report-only only rewrite the README tables and the charts from the figures files

Databases are named leerlus_bench_<size> on the server of DATABASE_URL.`;

interface Flags {
  sizes?: string;
  seconds?: string;
  warmup?: string;
  seed?: string;
  regenerate?: boolean;
  'drop-after'?: boolean;
  scenarios?: string;
  'report-only'?: boolean;
  reminders?: string;
  workers?: string;
  spread?: string;
}

async function main(): Promise<void> {
  const flags = cliOptions<Flags>(USAGE, {
    sizes: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    seed: { type: 'string' },
    regenerate: { type: 'boolean' },
    'drop-after': { type: 'boolean' },
    scenarios: { type: 'string' },
    'report-only': { type: 'boolean' },
    reminders: { type: 'string' },
    workers: { type: 'string' },
    spread: { type: 'string' },
  });
  const sizes =
    flags.sizes === 'none'
      ? []
      : (flags.sizes ?? '10k,100k,1m').split(',').map((size) => count(size, 0, 'sizes'));
  const seed = flags.seed ?? 'leerlus';
  mkdirSync(resultsDir(), { recursive: true });
  let figures = loadFigures();

  for (const incidents of flags['report-only'] ? [] : sizes) {
    const label = sizeLabel(incidents);
    const url = benchDatabaseUrl(`leerlus_bench_${label}`);
    const { context, generated } = await prepareDatabase(url, incidents, seed, flags.regenerate ?? false);
    if (generated) figures = mergeGeneration(figures, label, generated);
    writeFileSync(resultsDir(`${context.database}.context.json`), `${JSON.stringify(context, null, 2)}\n`, {
      mode: 0o600,
    });
    const result = await runHttpBench({
      context,
      startApi: { databaseUrl: url, logFile: resultsDir(`api-${context.database}.log`), logLevel: 'warn' },
      seconds: count(flags.seconds, 10, 'seconds'),
      warmupSeconds: flags.warmup === '0' ? 0 : count(flags.warmup, 2, 'warmup'),
      only: flags.scenarios?.split(',').map((key) => key.trim()),
      log,
    });
    const stamp = result.startedAt.replace(/[:.]/g, '-');
    writeFileSync(resultsDir(`${stamp}-${context.database}.json`), `${JSON.stringify(result, null, 2)}\n`);
    figures = mergeHttp(figures, label, result);
    saveFigures(figures);
    // After every size, so an interrupted run still leaves its figures in the README.
    updateReadme();
    if (flags['drop-after']) {
      await dropDatabase(url);
      log(`dropped ${context.database}`);
    }
  }

  const reminders =
    flags['report-only'] || flags.reminders === 'none'
      ? []
      : (flags.reminders ?? '1k,10k,100k').split(',').map((size) => count(size, 0, 'reminders'));
  let aborted = false;
  for (const planned of reminders) {
    const result = await runSchedulingBench({
      reminders: planned,
      workers: count(flags.workers, 2, 'workers'),
      spreadSeconds: flags.spread === '0' ? 0 : count(flags.spread, 60, 'spread'),
      poolSize: 10,
      database: 'leerlus_bench_scheduling',
      keep: false,
      log,
    });
    printSchedulingResult(result);
    const stamp = result.startedAt.replace(/[:.]/g, '-');
    writeFileSync(
      resultsDir(`${stamp}-scheduling-${sizeLabel(planned)}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    saveSchedulingFigures(mergeScheduling(loadSchedulingFigures(), result));
    updateReadme();
    aborted ||= result.status === 'aborted';
  }

  log(`Updated bench/figures.json, bench/scheduling-figures.json, ${updateReadme().join(', ')}`);
  if (aborted) process.exitCode = 1;
}

/**
 * Reuses a database whose marker says it holds this size and seed from this generator version
 * (removing what earlier create benchmarks added), or generates it fresh.
 */
async function prepareDatabase(url: string, incidents: number, seed: string, regenerate: boolean) {
  const database = new URL(url).pathname.slice(1);
  const marker = await readMarker(url).catch(() => null);
  if (!regenerate && marker && reusable(marker, incidents, seed)) {
    log(`reusing ${database} (generated ${marker.generatedAt})`);
    const pool = new Pool({ connectionString: url, max: 1 });
    try {
      await removeBenchmarkWrites(pool, marker);
      const context: BenchContext = await issueBenchContext(pool, database, marker);
      return { context, generated: undefined };
    } finally {
      await pool.end();
    }
  }
  log(`generating ${database}…`);
  const result = await generateDataSet({
    url,
    incidents,
    seed,
    anchor: new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`),
    fresh: true,
    concurrency: 2,
    log: (message) => log(`  ${message}`),
  });
  return {
    context: result.context,
    generated: {
      incidents,
      seconds: result.marker.seconds,
      steps: result.steps,
      counts: result.marker.counts,
      generatedAt: result.marker.generatedAt,
    },
  };
}

function reusable(marker: BenchMarker, incidents: number, seed: string): boolean {
  return marker.generator === GENERATOR_VERSION && marker.incidents === incidents && marker.seed === seed;
}

/** Actions and incidents the create scenarios added (everything generated predates the anchor). */
async function removeBenchmarkWrites(pool: Pool, marker: BenchMarker): Promise<void> {
  for (const table of ['actions', 'incidents']) {
    try {
      const result = await pool.query(`DELETE FROM ${table} WHERE created_at >= $1`, [marker.anchor]);
      if (!result.rowCount) continue;
      log(`removed ${result.rowCount} ${table} an earlier create benchmark added`);
      // Their dead rows would lie at the newest end of every walk by date (autovacuum may be off or
      // late): a search measured after this read them all.
      await pool.query(`VACUUM (ANALYZE) ${table}`);
    } catch (error) {
      // Something now refers to them (e.g. a lesson); they stay, which only adds a few rows.
      log(`could not remove earlier benchmark ${table}: ${(error as Error).message}`);
    }
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
