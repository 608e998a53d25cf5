import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { benchDir } from '../lib/paths';
import { sizeLabel } from '../lib/size-label';
import { SchedulingResult } from './scheduling-result';

/**
 * The latest scheduling figures per configuration (reminders, spread, workers), kept in git in a
 * file of their own (bench/scheduling-figures.json) so the README can be regenerated from them.
 */
export interface SchedulingFigures {
  updatedAt: string;
  runs: Record<string, SchedulingResult>;
}

export const SCHEDULING_FIGURES_FILE = () => benchDir('scheduling-figures.json');

export function schedulingKey(r: Pick<SchedulingResult, 'reminders' | 'spreadSeconds' | 'workers'>): string {
  return `${sizeLabel(r.reminders)}-spread${r.spreadSeconds}-workers${r.workers}`;
}

export function loadSchedulingFigures(file = SCHEDULING_FIGURES_FILE()): SchedulingFigures {
  if (!existsSync(file)) return { updatedAt: new Date(0).toISOString(), runs: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as SchedulingFigures;
}

export function saveSchedulingFigures(figures: SchedulingFigures, file = SCHEDULING_FIGURES_FILE()): void {
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}

export function mergeScheduling(figures: SchedulingFigures, result: SchedulingResult): SchedulingFigures {
  return {
    updatedAt: result.finishedAt,
    runs: { ...figures.runs, [schedulingKey(result)]: result },
  };
}
