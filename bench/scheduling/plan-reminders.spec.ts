import { dataSourceOptions, runMigrations } from '@app/database';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { benchDatabaseUrl, dropDatabase } from '../lib/bench-database';
import { moveDueTimes } from './move-due-times';
import { PER_SESSION, planReminders } from './plan-reminders';

// Plans reminders in a real database (the local Postgres, as the generator spec does).
const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = benchDatabaseUrl(`leerlus_bench_spec_${randomBytes(4).toString('hex')}`, base);

describe('planReminders and moveDueTimes', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await dropDatabase(url);
    await runMigrations(url);
    dataSource = new DataSource(dataSourceOptions(url, 4));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(url);
  });

  it('plans pending reminders per session beyond the lookahead, then moves every one to the due minute', async () => {
    const provisional = Date.now() + 3_600_000;
    const plan = await planReminders(dataSource, {
      reminders: 95,
      firstDueAt: provisional,
      spreadMs: 60_000,
      runId: 'spec',
      lanes: 3,
    });
    expect(plan.sessions).toBe(Math.ceil(95 / PER_SESSION));
    const [{ n, subjects }] = await dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT subject_id)::int AS subjects FROM notifications
        WHERE organisation_id = $1 AND status = 'pending' AND kind = 'session-reminder'`,
      [plan.organisationId],
    );
    expect({ n, subjects }).toEqual({ n: 95, subjects: 10 });

    const firstDueAt = Date.now() + 30_000;
    const dueAt = await moveDueTimes(dataSource, plan.organisationId, firstDueAt - provisional);
    expect(dueAt.size).toBe(95);
    const times = [...dueAt.values()].sort((a, b) => a - b);
    expect(times[0]).toBe(firstDueAt);
    expect(times[times.length - 1]).toBeLessThan(firstDueAt + 60_000);
    // Each session's reminders fall due together: ten sessions, ten instants.
    expect(new Set(times).size).toBe(10);
    const [{ stored }] = await dataSource.query(
      `SELECT min(due_at) AS stored FROM notifications WHERE organisation_id = $1`,
      [plan.organisationId],
    );
    expect(new Date(stored).getTime()).toBe(firstDueAt);
  });
});
