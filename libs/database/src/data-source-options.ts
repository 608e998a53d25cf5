import { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TypeOrmJsonLogger } from './typeorm-json-logger';

/** Connection options shared by the api, the worker, the migration CLI and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    // The migrations own the schema. TypeORM would otherwise CREATE EXTENSION "uuid-ossp" at every
    // start for the entities' uuid keys (which default to gen_random_uuid()), and replicas starting
    // at once race on it: the loser logs that the extension cannot be installed.
    installExtensions: false,
    migrations,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    logger: new TypeOrmJsonLogger(),
    extra: {
      max: poolSize,
      // Fail fast while Postgres is down instead of queueing requests behind a dead pool.
      connectionTimeoutMillis: 3000,
      statement_timeout: 30000,
      // A text search for a frequent word fills a bitmap of every row holding it; in the default
      // 4 MB it turns lossy and each row on a lossy page is read and checked again. JIT compiling
      // pays off for long analytical queries, not for ours: a member's incident page sorted by
      // severity, estimated expensive, spent 0.7 s of its 0.75 s compiling. Nor parallel workers:
      // requests already keep every core busy, and each worker is a process started for one
      // statement (a member's filtered total: 26 ms alone, 45–53 ms with two workers).
      options: '-c work_mem=16MB -c jit=off -c max_parallel_workers_per_gather=0',
      application_name: 'leerlus',
    },
  };
}
