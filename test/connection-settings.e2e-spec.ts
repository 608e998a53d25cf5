import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from './support/test-app';

/**
 * What every connection of the api's pool sets for itself (dataSourceOptions): the searches need
 * their bitmaps exact, and the register's short statements pay for JIT compiling and parallel
 * workers without gaining from them (why: libs/database/src/data-source-options.ts).
 */
describe('connection settings', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('work_mem 16 MB, no JIT, no parallel workers', async () => {
    const [settings] = await t.app.get(DataSource).query(
      `SELECT current_setting('work_mem') AS "workMem", current_setting('jit') AS jit,
              current_setting('max_parallel_workers_per_gather') AS "parallelWorkers"`,
    );
    expect(settings).toEqual({ workMem: '16MB', jit: 'off', parallelWorkers: '0' });
  });
});
