import { runMigrations } from '@app/database';
import { BenchContext } from '../lib/bench-context';
import {
  BenchMarker,
  GENERATOR_VERSION,
  databaseExists,
  databaseName,
  dropDatabase,
  writeMarker,
} from '../lib/bench-database';
import { SeededRandom } from '../lib/seeded-random';
import { BulkLoader } from './bulk-loader';
import { generateGovernance } from './generate-governance';
import { generateIncidents } from './generate-incidents';
import { generateReflection } from './generate-reflection';
import { generateRegister } from './generate-register';
import { generateNotifications } from './generate-notifications';
import { issueBenchContext } from './issue-bench-context';

export interface GenerateOptions {
  url: string;
  incidents: number;
  seed: string;
  /** The day after the last report (UTC midnight): "now" for the data. */
  anchor: Date;
  /** Drop the database first when it exists. */
  fresh: boolean;
  concurrency: number;
  log: (message: string) => void;
}

export interface GenerateResult {
  marker: BenchMarker;
  context: BenchContext;
  steps: Record<string, number>;
}

/** Large tables whose secondary indexes are rebuilt after the load instead of maintained row by row. */
const BULK_TABLES = [
  'incidents',
  'lessons',
  'actions',
  'notifications',
  'agenda_items',
  'reflection_sessions',
];

/** Creates, migrates and fills one benchmark database; see bench/README.md for what it holds. */
export async function generateDataSet(options: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const from = Date.now();
    options.log(`${name}…`);
    const result = await work();
    steps[name] = (Date.now() - from) / 1000;
    options.log(`${name}: ${steps[name].toFixed(1)} s`);
    return result;
  };

  if (await databaseExists(options.url)) {
    if (!options.fresh)
      throw new Error('The database exists already; pass --fresh to drop and regenerate it.');
    await dropDatabase(options.url);
  }
  await step('migrate', () => runMigrations(options.url));

  const rng = new SeededRandom(options.seed);
  const loader = await BulkLoader.open(options.url, options.concurrency);
  try {
    const world = await step('governance', () =>
      generateGovernance(loader, rng, options.incidents, options.anchor),
    );
    await step('load', () =>
      loader.withoutSecondaryIndexes(BULK_TABLES, async () => {
        await step('incidents', () =>
          generateIncidents(loader, world, rng, (done) => {
            if (done % 200_000 === 0 || done === options.incidents) options.log(`  incidents: ${done}`);
          }),
        );
        await step('register', () => generateRegister(loader, world, rng));
        await step('reflection', () => generateReflection(loader, world, rng));
        await step('notifications', () => generateNotifications(loader, world, rng));
        options.log('indexes…');
      }),
    );
    await step('verify', () => loader.verifyForeignKeys());
    await step('analyze', async () => {
      await loader.query('VACUUM (ANALYZE)');
    });
    const counts = await countRows(loader);
    const marker: BenchMarker = {
      generator: GENERATOR_VERSION,
      seed: options.seed,
      incidents: options.incidents,
      anchor: options.anchor.toISOString(),
      generatedAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      counts,
    };
    await writeMarker(options.url, marker);
    const context = await issueBenchContext(loader.pool, databaseName(options.url), marker);
    return { marker, context, steps };
  } finally {
    await loader.end();
  }
}

async function countRows(loader: BulkLoader): Promise<Record<string, number>> {
  const tables = [
    'organisations',
    'teams',
    'people',
    'chains',
    'role_assignments',
    'incidents',
    'lessons',
    'best_practices',
    'best_practice_adoptions',
    'actions',
    'themes',
    'reflection_series',
    'reflection_sessions',
    'agenda_items',
    'notifications',
  ];
  const [row] = await loader.query<Record<string, string>>(
    `SELECT ${tables.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ')}`,
  );
  return Object.fromEntries(tables.map((table) => [table, Number(row[table])]));
}
