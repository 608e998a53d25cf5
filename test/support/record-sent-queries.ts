import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** A statement the api sent to PostgreSQL, with its parameters. */
export interface SentQuery {
  sql: string;
  parameters: unknown[];
}

/**
 * Records every statement the api's TypeORM connections send, into `sent`, and still runs it.
 * Call before starting the app; `jest.restoreAllMocks()` stops it.
 */
export function recordSentQueries(sent: SentQuery[]): void {
  const query = PostgresQueryRunner.prototype.query;
  jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (
    this: PostgresQueryRunner,
    sql: string,
    parameters?: unknown[],
    ...rest: unknown[]
  ) {
    sent.push({ sql, parameters: parameters ?? [] });
    return (query as (...args: unknown[]) => Promise<unknown>).call(this, sql, parameters, ...rest);
  } as typeof query);
}
