import { SchedulingFigures } from './scheduling-figures';
import { SchedulingResult } from './scheduling-result';

const FIGURE = '| Reminders: 10,000 due in the same minute | all delivered within 60 s, lag p99 ≤ 5 s |';

/** The targets table's reminders row before any scheduling figures exist. */
export const REMINDERS_NOT_MEASURED = `${FIGURE} not measured yet (npm run bench:scheduling) | pending |`;

/**
 * The reminders row of the targets table: the judged runs (10,000 reminders within one minute) as
 * measured by bench/scheduling-bench.ts, those due over the minute first, then fewest workers,
 * each with its own verdict.
 */
export function remindersTargetRow(figures: SchedulingFigures): string {
  const judged = Object.values(figures.runs)
    .filter((r) => r.meetsTarget !== null)
    .sort((a, b) => b.spreadSeconds - a.spreadSeconds || a.workers - b.workers || a.reminders - b.reminders);
  if (!judged.length) return REMINDERS_NOT_MEASURED;
  const cells = judged.map(describe).join('; ');
  // One verdict per configuration measured: "met" for a minute of reminders with two workers
  // says nothing about all of them due at the same instant with one.
  const verdicts = judged.map((r) => `${r.meetsTarget ? 'met' : 'not met'} for ${configuration(r)}`);
  return `${FIGURE} ${cells} | ${judged.length === 1 ? (judged[0].meetsTarget ? 'met' : 'not met') : verdicts.join('; ')} |`;
}

function configuration(r: SchedulingResult): string {
  const spread = r.spreadSeconds === 0 ? 'all due at once' : `due over ${r.spreadSeconds} s`;
  return `${r.reminders.toLocaleString('en')} ${spread}, ${r.workers} worker${r.workers > 1 ? 's' : ''}`;
}

function describe(r: SchedulingResult): string {
  return (
    `${configuration(r)}: ` +
    `${r.byDeadline.toLocaleString('en')} in time, lag p99 ${seconds(r.lagMs.p99)}, ` +
    `${r.duplicates} duplicates, ${r.lost} lost, ${Math.round(r.ratePerSecond)} msg/s`
  );
}

/** Milliseconds as ms or s; NaN (stored as null in JSON) is a dash. */
export function seconds(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return '-';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
