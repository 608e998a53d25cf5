import type { Pool, QueryResultRow } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs a fixed statement as a named prepared statement: each pooled connection parses and plans
 * it once instead of on every call. Only for statements that run on every request and whose best
 * plan cannot depend on the values (a lookup by a unique key); `name` must be unique per text.
 * Errors come as TypeORM's, like those of `dataSource.query`.
 */
export async function preparedQuery<T extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  try {
    return (await pool.query<T>({ name, text, values })).rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
