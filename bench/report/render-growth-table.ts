import { SCENARIOS } from '../http/scenarios';
import { Figures, ScenarioFigure } from './figures';

const METRICS: Array<{ name: string; value: (s: ScenarioFigure) => number | undefined }> = [
  { name: 'p95 ms', value: (s) => s.p95 },
  { name: 'req/s', value: (s) => s.rps },
  { name: 'api CPU ms/request', value: (s) => s.apiCpuMsPerRequest },
];

/**
 * How each scenario's cost grows with the data: p95, throughput and api CPU per request at every
 * data size side by side, with the ratio of the largest size to the smallest. A ratio near 1× means
 * the figure stays flat as the register grows tenfold and a hundredfold.
 */
export function renderGrowthTable(figures: Figures): string {
  const sizes = Object.entries(figures.http).sort(([, a], [, b]) => a.incidents - b.incidents);
  if (sizes.length < 2) return '(needs figures at two data sizes or more)';
  const lines = [
    `| Scenario | Figure | ${sizes.map(([label]) => label).join(' | ')} | ${sizes[sizes.length - 1][0]} ÷ ${sizes[0][0]} |`,
    `|---|---|${sizes.map(() => '---:|').join('')}---:|`,
  ];
  for (const scenario of SCENARIOS) {
    const figuresOf = sizes.map(([, size]) => size.scenarios[scenario.key]);
    if (!figuresOf.some((s) => s?.status === 'measured')) continue;
    for (const metric of METRICS) {
      const values = figuresOf.map((s) => (s?.status === 'measured' ? metric.value(s) : undefined));
      if (values.every((v) => v === undefined)) continue;
      const first = values[0];
      const last = values[values.length - 1];
      const ratio = first && last !== undefined ? `${(last / first).toFixed(1)}×` : '';
      lines.push(`| ${scenario.key} | ${metric.name} | ${values.map(n).join(' | ')} | ${ratio} |`);
    }
  }
  return lines.join('\n');
}

function n(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  return value >= 100 ? Math.round(value).toLocaleString('en') : String(Math.round(value * 10) / 10);
}
