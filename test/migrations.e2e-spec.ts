import { runMigrations } from '@app/database';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { adminQuery, databaseUrl } from './support/postgres-admin';

describe('migrations', () => {
  const name = `leerlus_m_${Date.now().toString(36)}`;
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it('create the database when missing, apply every migration from empty, and are idempotent', async () => {
    const applied = await runMigrations(databaseUrl(name));
    expect(applied.length).toBeGreaterThan(0);
    expect(await runMigrations(databaseUrl(name))).toEqual([]);
  });

  it('can be reverted completely and applied again', async () => {
    const ds = new DataSource(dataSourceOptions(databaseUrl(name), 1));
    await ds.initialize();
    try {
      const count = (await ds.query('SELECT count(*)::int AS n FROM migrations'))[0].n;
      for (let i = 0; i < count; i++) await ds.undoLastMigration();
      const tables = await ds.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'",
      );
      expect(tables).toEqual([]);
    } finally {
      await ds.destroy();
    }
    expect((await runMigrations(databaseUrl(name))).length).toBeGreaterThan(0);
  });

  it('let replicas that start at once against a missing database create and migrate it once', async () => {
    const racing = `${name}_r`;
    try {
      const results = await Promise.all([1, 2, 3].map(() => runMigrations(databaseUrl(racing))));
      // The advisory lock makes them take turns: the first applies everything, the others nothing.
      const [all, ...none] = [...results].sort((a, b) => b.length - a.length);
      expect(all.length).toBeGreaterThan(0);
      expect(none).toEqual([[], []]);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS "${racing}" WITH (FORCE)`);
    }
  });
});
