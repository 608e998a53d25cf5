import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
import { benchDir, resultsDir } from './lib/paths';
import { sizeLabel } from './lib/size-label';
import { loadFigures, mergeGeneration, mergeHttp, saveFigures } from './report/figures';
import { renderFiguresMarkdown, replaceFigures } from './report/render-figures-markdown';
import { renderLatencyChart } from './report/render-latency-chart';
import { remindersTargetRow } from './scheduling/reminders-target-row';
import { loadSchedulingFigures } from './scheduling/scheduling-figures';

const USAGE = `Generates (or reuses) one database per data size, runs the HTTP scenarios against the built api
on each, and updates bench/figures.json, bench/README.md and bench/latency-vs-size.svg.

  npm run bench:quick      10k and 100k incidents, 5 s per scenario
  npm run bench            100k and 1m incidents, 10 s per scenario

  --sizes       comma-separated incident counts (default 100k,1m)
  --seconds     measured seconds per scenario (default 10)
  --warmup      warm-up seconds per scenario (default 2)
  --seed        data seed (default leerlus)
  --regenerate  generate again even when a database with a matching marker exists
  --drop-after  drop each database after measuring it (default: keep them for the next run)
  --scenarios   comma-separated scenario keys (default all)
  --report-only only rewrite the README tables and the chart from bench/figures.json

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
  });
  const sizes = (flags.sizes ?? '100k,1m').split(',').map((size) => count(size, 0, 'sizes'));
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
    if (flags['drop-after']) {
      await dropDatabase(url);
      log(`dropped ${context.database}`);
    }
  }

  const readme = benchDir('README.md');
  const markdown = renderFiguresMarkdown(figures, remindersTargetRow(loadSchedulingFigures()));
  writeFileSync(readme, replaceFigures(readFileSync(readme, 'utf8'), markdown));
  writeFileSync(benchDir('latency-vs-size.svg'), renderLatencyChart(figures));
  log('Updated bench/figures.json, bench/README.md and bench/latency-vs-size.svg');
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

/** Incidents the create scenario added (all generated ones were reported before the anchor). */
async function removeBenchmarkWrites(pool: Pool, marker: BenchMarker): Promise<void> {
  try {
    const result = await pool.query(`DELETE FROM incidents WHERE created_at >= $1`, [marker.anchor]);
    if (result.rowCount) log(`removed ${result.rowCount} incidents an earlier create benchmark added`);
  } catch (error) {
    // Something now refers to them (e.g. a lesson); they stay, which only adds a few rows.
    log(`could not remove earlier benchmark incidents: ${(error as Error).message}`);
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
