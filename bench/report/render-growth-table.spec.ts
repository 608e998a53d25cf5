import { Figures, ScenarioFigure } from './figures';
import { renderGrowthTable } from './render-growth-table';

const scenario = (p95: number, rps: number, cpu?: number): ScenarioFigure => ({
  title: 't',
  status: 'measured',
  p95,
  rps,
  apiCpuMsPerRequest: cpu,
});

const size = (incidents: number, scenarios: Record<string, ScenarioFigure>) => ({
  incidents,
  measuredAt: '2026-01-01T10:00:00.000Z',
  loadAverage: 1,
  scenarios,
});

describe('renderGrowthTable', () => {
  it('puts each figure at every size side by side with the ratio of the largest to the smallest', () => {
    const figures: Figures = {
      updatedAt: '2026-01-01T10:00:00.000Z',
      generation: {},
      http: {
        '1m': size(1_000_000, {
          'incidents-filtered': scenario(40, 250, 4),
          'quarterly-report': { title: 'r', status: 'failed', reason: 'probe answered 500' },
        }),
        '10k': size(10_000, {
          'incidents-filtered': scenario(20, 500, 4),
          'quarterly-report': scenario(80, 40),
        }),
        '100k': size(100_000, { 'incidents-filtered': scenario(25.04, 400, 4) }),
      },
    };
    const table = renderGrowthTable(figures);
    expect(table.split('\n').slice(0, 2)).toEqual([
      '| Scenario | Figure | 10k | 100k | 1m | 1m ÷ 10k |',
      '|---|---|---:|---:|---:|---:|',
    ]);
    expect(table).toContain('| incidents-filtered | p95 ms | 20 | 25 | 40 | 2.0× |');
    expect(table).toContain('| incidents-filtered | req/s | 500 | 400 | 250 | 0.5× |');
    expect(table).toContain('| incidents-filtered | api CPU ms/request | 4 | 4 | 4 | 1.0× |');
    // Not measured at a size: a dash, and no ratio without the largest size.
    expect(table).toContain('| quarterly-report | p95 ms | 80 | – | – |  |');
    expect(table).not.toContain('| quarterly-report | api CPU');
    expect(table).not.toContain('health');
  });

  it('needs two sizes', () => {
    expect(renderGrowthTable({ updatedAt: '', generation: {}, http: {} })).toMatch(/two data sizes/);
  });
});
