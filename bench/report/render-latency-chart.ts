import { Figures } from './figures';
import { LogChartSeries, renderLogChart } from './render-log-chart';

/**
 * p95 latency (log scale) against the number of incidents (log scale), one line per measured HTTP
 * scenario, with each p95 target as a dashed mark at its data size.
 */
export function renderLatencyChart(figures: Figures): string {
  const m = figures.machine;
  const machine = m
    ? `${m.cpus} cores, ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres ?? '?'}; `
    : '';
  return renderLogChart({
    title: 'p95 latency against data size',
    subtitle: `${machine}updated ${figures.updatedAt.slice(0, 10)}`,
    xLabel: 'incidents in the database',
    yLabel: 'p95 latency (ms, log scale)',
    unit: 'ms',
    empty: 'No measured scenarios yet: run npm run bench:quick.',
    series: collect(figures),
  });
}

function collect(figures: Figures): LogChartSeries[] {
  const byKey = new Map<string, LogChartSeries>();
  for (const size of Object.values(figures.http).sort((a, b) => a.incidents - b.incidents)) {
    for (const [key, s] of Object.entries(size.scenarios)) {
      if (s.status !== 'measured' || s.p95 === undefined) continue;
      const series = byKey.get(key) ?? { key, title: `${s.title}: p95`, points: [] };
      series.points.push({ x: size.incidents, y: Math.max(0.1, s.p95) });
      if (s.target?.metric === 'p95') series.target = { x: s.target.atIncidents, y: s.target.value };
      byKey.set(key, series);
    }
  }
  return [...byKey.values()];
}
