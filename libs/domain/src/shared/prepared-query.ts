import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Errors after which the connection is kept: bad values (class 22, such as a NUL character or a
 * bad cast) and broken rules (class 23) come from running a statement the server holds, and a
 * statement timeout (57014) leaves the connection usable. Any other error drops it, so a plan a
 * migration invalidated, or a statement that failed to parse, is not kept.
 */
const KEEPS_CONNECTION = /^(22|23)|^57014$/;

/**
 * Runs a fixed statement as a named prepared statement on the pool TypeORM holds: each connection
 * parses and plans it once instead of on every run. For the statements run on every request (the
 * token lookup), every delivered message or every incident create (the recurrence check took 1.1 ms
 * to plan), where planning cost much against running them (prepared, the delivery's halved
 * PostgreSQL's CPU per message), and whose best plan cannot depend on the values. One name per
 * text. Not in a transaction, and not through TypeORM's logger. Errors come as TypeORM's, like
 * `dataSource.query`'s, so they map to the same problems.
 */
export async function preparedQuery<T extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  let client: PoolClient | undefined;
  let dropped: Error | undefined;
  // A checked-out connection's errors (the server going away) are its holder's to catch, as
  // pool.query does; unheard, they would crash the process.
  const onError = (error: Error) => (dropped = error);
  try {
    client = await pool.connect();
    client.on('error', onError);
    return (await client.query<T>({ name, text, values })).rows;
  } catch (error) {
    if (!KEEPS_CONNECTION.test((error as { code?: string }).code ?? '')) dropped = error as Error;
    throw new QueryFailedError(text, values, error as Error);
  } finally {
    client?.removeListener('error', onError);
    client?.release(dropped);
  }
}
