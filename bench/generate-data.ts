import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateDataSet } from './generator/generate-data-set';
import { benchDatabaseUrl, databaseName } from './lib/bench-database';
import { cliOptions, count, log } from './lib/cli';
import { resultsDir } from './lib/paths';
import { sizeLabel } from './lib/size-label';

const USAGE = `Generates a realistic Dutch benchmark data set into a fresh database.

  node dist/bench/generate-data.js [--incidents 1m] [--seed leerlus] [--database leerlus_bench_1m | --url postgres://…]
                                   [--fresh] [--anchor YYYY-MM-DD] [--concurrency 2] [--context-file path]

  --incidents    number of incidents (default 1,000,000; 100k and 1m work too)
  --seed         the same seed, size and anchor give the same data (default "leerlus")
  --database     database name on the server of DATABASE_URL (default leerlus_bench_<size>)
  --url          full database URL instead of --database
  --fresh        drop the database first when it exists (otherwise an existing database is refused)
  --anchor       "today" for the data: reports end the day before (default: today, UTC)
  --concurrency  parallel connections while loading (default 2, one per core)
  --context-file where to write tokens and sample ids for the HTTP benchmark
                 (default bench/results/<database>.context.json)`;

async function main(): Promise<void> {
  const flags = cliOptions<{
    incidents?: string;
    seed?: string;
    database?: string;
    url?: string;
    fresh?: boolean;
    anchor?: string;
    concurrency?: string;
    'context-file'?: string;
  }>(USAGE, {
    incidents: { type: 'string' },
    seed: { type: 'string' },
    database: { type: 'string' },
    url: { type: 'string' },
    fresh: { type: 'boolean' },
    anchor: { type: 'string' },
    concurrency: { type: 'string' },
    'context-file': { type: 'string' },
  });
  const incidents = count(flags.incidents, 1_000_000, 'incidents');
  const url = flags.url ?? benchDatabaseUrl(flags.database ?? `leerlus_bench_${sizeLabel(incidents)}`);
  const anchorDay = flags.anchor ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(anchorDay)) throw new Error('--anchor must be YYYY-MM-DD');
  const database = databaseName(url);
  log(
    `Generating ${incidents} incidents into ${database} (seed ${flags.seed ?? 'leerlus'}, anchor ${anchorDay})`,
  );
  const result = await generateDataSet({
    url,
    incidents,
    seed: flags.seed ?? 'leerlus',
    anchor: new Date(`${anchorDay}T00:00:00Z`),
    fresh: flags.fresh ?? false,
    concurrency: count(flags.concurrency, 2, 'concurrency'),
    log,
  });
  const file = flags['context-file'] ?? resultsDir(`${database}.context.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result.context, null, 2)}\n`, { mode: 0o600 });
  log(`Done in ${result.marker.seconds} s: ${JSON.stringify(result.marker.counts)}`);
  log(`Tokens and sample ids for the HTTP benchmark: ${file}`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
