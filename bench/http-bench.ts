import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runHttpBench } from './http/run-http-bench';
import { BenchContext } from './lib/bench-context';
import { benchDatabaseUrl } from './lib/bench-database';
import { cliOptions, count, log } from './lib/cli';
import { resultsDir } from './lib/paths';

const USAGE = `Runs the HTTP scenarios (autocannon) against a generated database and writes JSON figures.

  node dist/bench/http-bench.js --database leerlus_bench_100k --start-api        (preferred: measures api memory)
  node dist/bench/http-bench.js --context bench/results/<db>.context.json --base-url http://127.0.0.1:3000 [--api-pid 1234]

  --database      the generated database; its context file is bench/results/<database>.context.json
  --context       the context file the generator wrote (tokens, ids) when not the default
  --start-api     start dist/apps/api/src/main.js against the database (DATABASE_URL's server) and stop it after
  --base-url      an api that is already running (nothing is started)
  --api-pid       that api's pid, to sample its memory (/proc/<pid>/status) and CPU
  --seconds       measured seconds per scenario (default 10)
  --warmup        warm-up seconds per scenario, not measured (default 2)
  --connections   override every scenario's number of connections
  --scenarios     comma-separated keys (health, people-list, incidents-filtered, incidents-search,
                  incident-detail, incidents-member, lessons-list, lessons-search, actions-list,
                  actions-member, quarterly-report, calendar-feed, incident-create,
                  incident-create-long-titles, action-create)
  --calendar-feed-token  a feed token, when the api cannot be asked for one
  --log-level     the api's LOG_LEVEL with --start-api (default warn)
  --out           result file (default bench/results/<timestamp>-<database>.json)`;

interface Flags {
  database?: string;
  context?: string;
  'start-api'?: boolean;
  'base-url'?: string;
  'api-pid'?: string;
  seconds?: string;
  warmup?: string;
  connections?: string;
  scenarios?: string;
  'calendar-feed-token'?: string;
  'log-level'?: string;
  out?: string;
}

async function main(): Promise<void> {
  const flags = cliOptions<Flags>(USAGE, {
    database: { type: 'string' },
    context: { type: 'string' },
    'start-api': { type: 'boolean' },
    'base-url': { type: 'string' },
    'api-pid': { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    scenarios: { type: 'string' },
    'calendar-feed-token': { type: 'string' },
    'log-level': { type: 'string' },
    out: { type: 'string' },
  });
  const contextFile =
    flags.context ?? (flags.database ? resultsDir(`${flags.database}.context.json`) : undefined);
  if (!contextFile) throw new Error('Give --database or --context');
  const context = JSON.parse(readFileSync(contextFile, 'utf8')) as BenchContext;
  if (flags['calendar-feed-token']) context.calendarFeedToken = flags['calendar-feed-token'];
  if (!flags['start-api'] && !flags['base-url']) throw new Error('Give --start-api or --base-url');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(resultsDir(), { recursive: true });
  const result = await runHttpBench({
    context,
    startApi: flags['start-api']
      ? {
          databaseUrl: benchDatabaseUrl(context.database),
          logFile: resultsDir(`api-${context.database}.log`),
          logLevel: flags['log-level'] ?? 'warn',
        }
      : undefined,
    baseUrl: flags['base-url'],
    apiPid: flags['api-pid'] ? count(flags['api-pid'], 0, 'api-pid') : undefined,
    seconds: count(flags.seconds, 10, 'seconds'),
    warmupSeconds: flags.warmup === '0' ? 0 : count(flags.warmup, 2, 'warmup'),
    connections: flags.connections ? count(flags.connections, 10, 'connections') : undefined,
    only: flags.scenarios?.split(',').map((key) => key.trim()),
    log,
  });
  const out = flags.out ?? resultsDir(`${stamp}-${context.database}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(`Results: ${out}`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
