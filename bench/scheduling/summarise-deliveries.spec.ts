import { remindersTargetRow, REMINDERS_NOT_MEASURED } from './reminders-target-row';
import {
  renderSchedulingMarkdown,
  replaceScheduling,
  SCHEDULING_END,
  SCHEDULING_START,
} from './render-scheduling-markdown';
import { mergeScheduling } from './scheduling-figures';
import { SchedulingResult } from './scheduling-result';
import { summariseDeliveries } from './summarise-deliveries';

describe('summariseDeliveries', () => {
  const due = new Map([
    ['a', 1_000],
    ['b', 1_000],
    ['c', 2_000],
    ['d', 2_000],
  ]);

  it('counts duplicates, lost and unexpected messages by Message-ID and measures lag from the first copy', () => {
    const arrivals = new Map([
      ['a@leerlus.example', [1_100]],
      ['b@leerlus.example', [1_300, 1_350]],
      ['c@leerlus.example', [9_000]],
      ['x@leerlus.example', [1_500]],
    ]);
    const s = summariseDeliveries(due, arrivals, 5_000);
    expect(s).toEqual(
      expect.objectContaining({
        planned: 4,
        delivered: 3,
        duplicates: 1,
        lost: 1,
        unexpected: 1,
        byDeadline: 2,
      }),
    );
    expect(s.lagMs).toEqual({ p50: 300, p95: 7_000, p99: 7_000, max: 7_000 });
    expect(s.ratePerSecond).toBeCloseTo(3 / 7.9);
    expect(s.drainSeconds).toBe(7);
  });

  it('summarises 100,000 reminders (no argument spreading that overflows the stack)', () => {
    const many = new Map(Array.from({ length: 100_000 }, (_, i) => [`n${i}`, 1_000 + (i % 60_000)]));
    const arrived = new Map(Array.from({ length: 100_000 }, (_, i) => [`n${i}@h`, [1_500 + (i % 60_000)]]));
    const s = summariseDeliveries(many, arrived, 200_000);
    expect(s).toEqual(expect.objectContaining({ delivered: 100_000, lost: 0, byDeadline: 100_000 }));
    expect(s.lagMs.p99).toBe(500);
    expect(s.drainSeconds).toBe(0.5);
  });

  it('reports nothing delivered without dividing by zero', () => {
    const s = summariseDeliveries(due, new Map(), 5_000);
    expect(s.delivered).toBe(0);
    expect(s.lost).toBe(4);
    expect(s.ratePerSecond).toBeNaN();
    expect(s.drainSeconds).toBeNaN();
  });
});

describe('scheduling figures in the README', () => {
  const result = (overrides: Partial<SchedulingResult>): SchedulingResult => ({
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:03:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', memoryGiB: 24, node: 'v20', loadAverage: 1.5 },
    reminders: 10_000,
    workers: 1,
    spreadSeconds: 60,
    sessions: 1_000,
    planSeconds: 5,
    status: 'completed',
    planned: 10_000,
    delivered: 10_000,
    duplicates: 0,
    lost: 0,
    unexpected: 0,
    byDeadline: 10_000,
    lagMs: { p50: 80, p95: 150, p99: 230, max: 350 },
    ratePerSecond: 167,
    drainSeconds: 0.1,
    smtpConnections: 20,
    maxAttempts: 1,
    statuses: { sent: 10_000 },
    workerUsage: [{ peakRssMiB: 180, highWaterMiB: 180, cpuSeconds: 28 }],
    cpuMsPerMessage: { worker: 2.5, postgres: 0.9, redis: 0.4, sinkAndBench: 0.5 },
    meetsTarget: true,
    ...overrides,
  });

  it('fills the targets row from the judged runs and keeps one row per configuration', () => {
    let figures = { updatedAt: new Date(0).toISOString(), runs: {} };
    expect(remindersTargetRow(figures)).toBe(REMINDERS_NOT_MEASURED);
    figures = mergeScheduling(figures, result({ reminders: 1_000, meetsTarget: null }));
    expect(remindersTargetRow(figures)).toBe(REMINDERS_NOT_MEASURED);
    figures = mergeScheduling(figures, result({}));
    figures = mergeScheduling(figures, result({ lagMs: { p50: 90, p95: 160, p99: 240, max: 400 } }));
    expect(Object.keys(figures.runs)).toEqual(['1k-spread60-workers1', '10k-spread60-workers1']);
    expect(remindersTargetRow(figures)).toMatch(
      /\| 10,000 due over 60 s, 1 worker: 10,000 in time, lag p99 240 ms, 0 duplicates, 0 lost, 167 msg\/s \| met \|$/,
    );
    figures = mergeScheduling(
      figures,
      result({ spreadSeconds: 0, meetsTarget: false, lagMs: { p50: 1, p95: 2, p99: 66_574, max: 67_000 } }),
    );
    expect(remindersTargetRow(figures)).toMatch(
      /all due at once, 1 worker: .* lag p99 66\.6 s.* \| met for 10,000 due over 60 s, 1 worker; not met for 10,000 all due at once, 1 worker \|$/,
    );

    const markdown = renderSchedulingMarkdown(figures);
    expect(markdown).toMatch(
      /\| 10,000 \| at once \| 1 \| 10,000 \| 10,000 \| 0 \| 0 \| 167 \| 1 ms \| 66\.6 s \| 67\.0 s \|/,
    );
    expect(markdown).toMatch(/\| 2\.5, 0\.9, 0\.4 \| 1\.5 \| 2026-01-01 10:03 \|$/m);
    const readme = `intro\n${SCHEDULING_START}\nold\n${SCHEDULING_END}\nafter\n`;
    expect(replaceScheduling(readme, 'new')).toBe(
      `intro\n${SCHEDULING_START}\nnew\n${SCHEDULING_END}\nafter\n`,
    );
  });
});
