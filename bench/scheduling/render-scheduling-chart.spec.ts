import { renderSchedulingChart } from './render-scheduling-chart';
import { SchedulingFigures } from './scheduling-figures';
import { SchedulingResult } from './scheduling-result';

const run = (reminders: number, spreadSeconds: number, p50: number | null, p99: number | null) =>
  ({
    reminders,
    spreadSeconds,
    workers: 2,
    finishedAt: `2026-01-0${String(reminders).length - 2}T10:00:00.000Z`,
    machine: { cpus: 2, cpuModel: 'test', memoryGiB: 24, node: 'v20', loadAverage: 1 },
    lagMs: { p50, p95: p99, p99, max: p99 },
  }) as unknown as SchedulingResult;

describe('renderSchedulingChart', () => {
  it('draws p99 and p50 per configuration against the reminder count, with the p99 target', () => {
    const figures: SchedulingFigures = {
      updatedAt: '',
      runs: {
        a: run(1_000, 60, 150, 260),
        b: run(10_000, 60, 400, 2_300),
        c: run(100_000, 60, 200_000, 400_000),
        d: run(10_000, 0, 36_000, 66_000),
        // Nothing delivered: no lag to draw (NaN is stored as null).
        e: run(100_000, 0, null, null),
      },
    };
    const svg = renderSchedulingChart(figures);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(8);
    expect(svg).toContain('p99 over 60 s, 2 workers');
    expect(svg).toContain('p50 at once, 2 workers');
    expect(svg).toContain('lag p99, due over 60 s, 2 workers: 400,000 ms at 100k');
    expect(svg.match(/target 5,000 ms/g)).toHaveLength(2);
    expect(svg).toContain('updated 2026-01-04');
    expect(svg).not.toContain('NaN');
  });

  it('says how to get figures when there are none', () => {
    expect(renderSchedulingChart({ updatedAt: '', runs: {} })).toContain('run npm run bench:quick');
  });
});
