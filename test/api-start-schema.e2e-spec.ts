import { createTestDatabase, TestDatabase } from './support/test-database';
import { startTestApp } from './support/test-app';

/**
 * The migrations own the schema. TypeORM's start used to run CREATE EXTENSION "uuid-ossp" (for
 * the entities' uuid keys, which the migrations give gen_random_uuid() defaults): a change of the
 * schema by every api and worker start, and a race between replicas starting at once, where the
 * loser logged that the extension "cannot be installed" (the scale-out drill saw it).
 */
describe('the api start', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });

  it('installs no extension the migrations did not', async () => {
    const extensions = () =>
      db.query<{ extname: string }>(`SELECT extname FROM pg_extension ORDER BY extname`);
    const before = await extensions();
    expect(before.map((row) => row.extname)).toContain('pg_trgm');
    const api = await startTestApp({ database: db });
    try {
      expect(await extensions()).toEqual(before);
    } finally {
      await api.close();
    }
  });
});
