import { HttpBenchResult } from '../http/http-bench-result';
import { ScenarioResult } from '../http/scenario-result';
import { SCENARIOS } from '../http/scenarios';
import { meetsTarget } from '../http/run-scenario';
import { Figures, mergeGeneration, mergeHttp } from './figures';
import { END, START, renderFiguresMarkdown, replaceFigures } from './render-figures-markdown';
import { renderLatencyChart } from './render-latency-chart';

const target = (key: string) => SCENARIOS.find((s) => s.key === key)!.target;

function measured(key: string, p95: number, extra: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    key,
    title: SCENARIOS.find((s) => s.key === key)!.title,
    method: 'GET',
    status: 'measured',
    connections: 10,
    seconds: 10,
    requests: 10_000,
    rps: 1000,
    latencyMs: { p50: p95 / 2, p95, p99: p95 * 1.5, mean: p95 / 2, max: p95 * 3 },
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statusCodes: { 200: 10_000 },
    target: target(key),
    ...extra,
  };
}

function run(incidents: number, scenarios: ScenarioResult[]): HttpBenchResult {
  const withVerdicts = scenarios.map((s) => ({ ...s, meetsTarget: meetsTarget(s, incidents) }));
  return {
    kind: 'http',
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:05:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', memoryGiB: 24, node: 'v20', postgres: '15.0', loadAverage: 0.5 },
    database: `leerlus_bench_${incidents}`,
    incidents,
    baseUrl: 'http://127.0.0.1:1',
    apiStartedByBench: true,
    scenarios: withVerdicts,
  };
}

const empty = (): Figures => ({ updatedAt: new Date(0).toISOString(), generation: {}, http: {} });

describe('meetsTarget', () => {
  it('judges a latency target only at its own data size', () => {
    expect(meetsTarget(measured('incidents-filtered', 20), 1_000_000)).toBe(true);
    expect(meetsTarget(measured('incidents-filtered', 30), 1_000_000)).toBe(false);
    expect(meetsTarget(measured('incidents-filtered', 20), 100_000)).toBeNull();
  });

  it('judges throughput targets at every size and voids figures with errors', () => {
    expect(meetsTarget(measured('incident-create', 10, { rps: 900 }), 100_000)).toBe(true);
    expect(meetsTarget(measured('incident-create', 10, { rps: 700 }), 100_000)).toBe(false);
    expect(meetsTarget(measured('incident-create', 10, { rps: 900, non2xx: 500 }), 100_000)).toBe(false);
    expect(meetsTarget(measured('health', 10), 100_000)).toBeNull();
  });
});

describe('renderFiguresMarkdown', () => {
  it('says pending until the 1M figure exists, then gives the verdict', () => {
    const unavailable: ScenarioResult = {
      key: 'incidents-search',
      title: 'search',
      method: 'GET',
      status: 'not-available',
      reason: 'no such route yet (404 on GET /v1/incidents)',
      target: target('incidents-search'),
    };
    let figures = mergeHttp(empty(), '100k', run(100_000, [measured('incidents-filtered', 12), unavailable]));
    let markdown = renderFiguresMarkdown(figures);
    expect(markdown).toMatch(
      /p95 ≤ 25 ms at 1,000,000 incidents \| 12 ms at 100k; not measured at 1,000,000 yet \| pending/,
    );
    expect(markdown).toMatch(/incidents-search \| 100k \| \| not-available: no such route yet/);
    figures = mergeHttp(figures, '10k', run(10_000, [unavailable]));
    expect(renderFiguresMarkdown(figures)).toMatch(/incidents-search \| 10k, 100k \| \| not-available/);
    expect(markdown).toMatch(/Reminders.*not measured yet/);

    figures = mergeHttp(
      figures,
      '1m',
      run(1_000_000, [measured('incidents-filtered', 31, { apiCpuMsPerRequest: 1.2 })]),
    );
    markdown = renderFiguresMarkdown(figures);
    expect(markdown).toMatch(/12 ms at 100k, 31 ms at 1m \| not met/);
    // A later run of other scenarios at the same size keeps these figures.
    figures = mergeHttp(figures, '1m', run(1_000_000, [measured('incidents-search', 50)]));
    expect(figures.http['1m'].scenarios['incidents-filtered'].p95).toBe(31);
    expect(figures.http['1m'].scenarios['incidents-search'].p95).toBe(50);
    expect(markdown).toMatch(
      /\| incidents-filtered \| 1m \| 10 \| 1,000 \| 15\.5 \| 31 \| 46\.5 \| 0 \/ 0 \|/,
    );
  });

  it('lists generation times per size', () => {
    const figures = mergeGeneration(empty(), '1m', {
      incidents: 1_000_000,
      seconds: 375,
      steps: {
        incidents: 170,
        register: 60,
        reflection: 40,
        notifications: 10,
        load: 360,
        verify: 3,
        analyze: 7,
      },
      counts: {
        lessons: 290_000,
        actions: 200_000,
        reflection_sessions: 20_000,
        agenda_items: 90_000,
        notifications: 260_000,
      },
      generatedAt: '2026-01-01T00:00:00Z',
    });
    expect(renderFiguresMarkdown(figures)).toMatch(
      /\| 1m \| 6 min 15 s \| 4 min 40 s \| 1 min 30 s \| 290,000 \| 200,000 \| 20,000 \|/,
    );
  });

  it('replaces only the text between the markers', () => {
    const readme = `# Title\n\nintro\n\n${START}\nold figures\n${END}\n\nafter\n`;
    const updated = replaceFigures(readme, 'new figures');
    expect(updated).toBe(`# Title\n\nintro\n\n${START}\nnew figures\n${END}\n\nafter\n`);
    expect(() => replaceFigures('# no markers', 'x')).toThrow(/markers/);
  });
});

describe('renderLatencyChart', () => {
  it('draws one line per measured scenario with its target', () => {
    let figures = mergeHttp(
      empty(),
      '100k',
      run(100_000, [measured('incidents-search', 20), measured('health', 2)]),
    );
    figures = mergeHttp(
      figures,
      '1m',
      run(1_000_000, [measured('incidents-search', 45), measured('health', 2.5)]),
    );
    const svg = renderLatencyChart(figures);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('target 60 ms');
    expect(svg).toContain('>100k<');
    expect(svg).toContain('>1M<');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('says so when nothing was measured yet', () => {
    expect(renderLatencyChart(empty())).toContain('No measured scenarios yet');
  });
});
