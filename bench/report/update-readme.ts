import { readFileSync, writeFileSync } from 'node:fs';
import { benchDir } from '../lib/paths';
import { remindersTargetRow } from '../scheduling/reminders-target-row';
import { renderSchedulingChart } from '../scheduling/render-scheduling-chart';
import { renderSchedulingMarkdown, replaceScheduling } from '../scheduling/render-scheduling-markdown';
import { loadSchedulingFigures } from '../scheduling/scheduling-figures';
import { loadFigures } from './figures';
import { renderFiguresMarkdown, replaceFigures } from './render-figures-markdown';
import { renderLatencyChart } from './render-latency-chart';

/**
 * Rewrites everything generated from the kept figures (bench/figures.json and
 * bench/scheduling-figures.json): the README's tables and both charts. Returns the files written.
 */
export function updateReadme(): string[] {
  const figures = loadFigures();
  const scheduling = loadSchedulingFigures();
  const readme = benchDir('README.md');
  let text = readFileSync(readme, 'utf8');
  text = replaceFigures(text, renderFiguresMarkdown(figures, remindersTargetRow(scheduling)));
  text = replaceScheduling(text, renderSchedulingMarkdown(scheduling));
  writeFileSync(readme, text);
  writeFileSync(benchDir('latency-vs-size.svg'), renderLatencyChart(figures));
  writeFileSync(benchDir('scheduling-lag.svg'), renderSchedulingChart(scheduling));
  return ['bench/README.md', 'bench/latency-vs-size.svg', 'bench/scheduling-lag.svg'];
}
