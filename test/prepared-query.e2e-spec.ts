import { dataSourceOptions } from '@app/database';
import { preparedQuery } from '@app/domain/shared/prepared-query';
import { DataSource, QueryFailedError } from 'typeorm';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('preparedQuery', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(db.url, 1)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('prepares a statement once per connection and runs it with new values', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((value) =>
        preparedQuery<{ n: number }>(dataSource, 'test_plus_one', text, [value]),
      ),
    );
    expect(results.map(([row]) => row.n)).toEqual([2, 3, 4, 5, 6, 7]);
    // One pooled connection: it holds the statement, prepared once.
    const statements = await dataSource.query(`SELECT name FROM pg_prepared_statements`);
    expect(statements).toEqual([{ name: 'test_plus_one' }]);
  });

  it("fails as TypeORM's query does, with PostgreSQL's error inside", async () => {
    const failure = preparedQuery(dataSource, 'test_bad_cast', 'SELECT $1::int AS n', ['zwolle']);
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({ driverError: { code: '22P02' } });
  });

  it('keeps the connection after bad values, drops it after a statement that does not run', async () => {
    const backend = async () =>
      (
        await preparedQuery<{ pid: number }>(dataSource, 'test_backend', 'SELECT pg_backend_pid() AS pid', [])
      )[0].pid;
    const first = await backend();
    // A NUL character (22021), as a hostile title brings it: the statement ran, the connection is fine.
    await expect(
      preparedQuery(dataSource, 'test_nul', 'SELECT length($1::text) AS n', ['zwolle\u0000']),
    ).rejects.toMatchObject({ driverError: { code: '22021' } });
    expect(await backend()).toBe(first);
    // A statement the server could not prepare: the connection goes, its next user gets a new one.
    await expect(
      preparedQuery(dataSource, 'test_missing', 'SELECT * FROM no_such_table', []),
    ).rejects.toMatchObject({ driverError: { code: '42P01' } });
    expect(await backend()).not.toBe(first);
  });
});
