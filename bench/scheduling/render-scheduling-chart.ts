import { LogChartSeries, renderLogChart } from '../report/render-log-chart';
import { SchedulingFigures } from './scheduling-figures';
import { SCHEDULING_TARGET } from './scheduling-target';

/**
 * Delivery lag (p99 solid, p50 dashed; ms, log scale) against the number of reminders due in the
 * same minute (log scale), one colour per configuration (spread, workers), with the p99 target
 * at 10,000 reminders.
 */
export function renderSchedulingChart(figures: SchedulingFigures): string {
  const configurations = new Map<string, { p50: LogChartSeries; p99: LogChartSeries }>();
  const runs = Object.values(figures.runs).sort((a, b) => a.reminders - b.reminders);
  for (const r of runs) {
    const name = `${r.spreadSeconds === 0 ? 'at once' : `over ${r.spreadSeconds} s`}, ${r.workers} worker${r.workers > 1 ? 's' : ''}`;
    let pair = configurations.get(name);
    if (!pair) {
      const colour = configurations.size;
      pair = {
        p99: { key: `p99 ${name}`, title: `lag p99, due ${name}`, points: [], colour },
        p50: { key: `p50 ${name}`, title: `lag p50, due ${name}`, points: [], colour, dashed: true },
      };
      if (r.spreadSeconds <= 60)
        pair.p99.target = { x: SCHEDULING_TARGET.reminders, y: SCHEDULING_TARGET.lagP99Ms };
      configurations.set(name, pair);
    }
    // NaN is stored as null: a run that delivered nothing has no lag to draw.
    if (Number.isFinite(r.lagMs.p99)) pair.p99.points.push({ x: r.reminders, y: Math.max(1, r.lagMs.p99) });
    if (Number.isFinite(r.lagMs.p50)) pair.p50.points.push({ x: r.reminders, y: Math.max(1, r.lagMs.p50) });
  }
  const last = runs.reduce((at, r) => (r.finishedAt > at ? r.finishedAt : at), '');
  const m = runs[runs.length - 1]?.machine;
  return renderLogChart({
    title: 'Reminder delivery lag against reminders due in the same minute',
    subtitle: `${m ? `${m.cpus} cores, ${m.memoryGiB} GiB, Node ${m.node}; ` : ''}lag = arrival at the SMTP server − dueAt${last ? `; updated ${last.slice(0, 10)}` : ''}`,
    xLabel: 'reminders due in the same minute',
    yLabel: 'delivery lag (ms, log scale)',
    unit: 'ms',
    empty: 'No scheduling figures yet: run npm run bench:quick.',
    series: [...configurations.values()].flatMap((pair) => [pair.p99, pair.p50]),
  });
}
