import type { Pool, QueryResultRow } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs a fixed statement as a named prepared statement on the pool TypeORM holds: each connection
 * parses and plans it once instead of on every run. For the statements run on every request (the
 * token lookup), every delivered message or every incident create (the recurrence check took 1.1 ms
 * to plan), where planning cost much against running them (prepared, the delivery's halved
 * PostgreSQL's CPU per message), and whose best plan cannot depend on the values. One name per
 * text. Not in a transaction, and not through TypeORM's logger;
 * the pool drops a connection whose statement failed (so a plan a migration invalidated is not
 * kept), which makes errors such as a statement timeout cost a reconnect. Errors come as TypeORM's,
 * like `dataSource.query`'s, so they map to the same problems.
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
