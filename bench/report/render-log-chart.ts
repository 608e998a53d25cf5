const COLOURS = ['#1f6fb2', '#d4451b', '#2e8b57', '#8e44ad', '#c28a00', '#00838f', '#6d4c41', '#c2185b'];
const WIDTH = 820;
const HEIGHT = 440;
const M = { left: 70, right: 250, top: 50, bottom: 60 };

export interface LogChart {
  title: string;
  subtitle: string;
  xLabel: string;
  yLabel: string;
  /** Unit appended to values in tooltips and target labels (e.g. "ms"). */
  unit: string;
  /** Shown when no series has a point. */
  empty: string;
  series: LogChartSeries[];
}

export interface LogChartSeries {
  key: string;
  title: string;
  points: Array<{ x: number; y: number }>;
  /** A dashed line instead of a solid one (e.g. p50 beside p99 of the same run). */
  dashed?: boolean;
  /** Several series may share a colour (a configuration's p50 and p99). */
  colour?: number;
  /** A target: a short dashed mark at x (or at the right edge when x is unset). */
  target?: { x?: number; y: number };
}

/**
 * An SVG line chart with both axes on a log scale (the sizes grow tenfold, latencies too), one line
 * per series with its points, each target as a short dashed mark. Hand-written SVG: no chart
 * library needed for a handful of lines.
 */
export function renderLogChart(chart: LogChart): string {
  const series = chart.series.filter((s) => s.points.length);
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="${M.left}" y="24" font-size="16" font-weight="bold">${escape(chart.title)}</text>
  <text x="${M.left}" y="40" fill="#555">${escape(chart.subtitle)}</text>`;
  if (!series.length)
    return `${head}\n  <text x="${M.left}" y="${HEIGHT / 2}" fill="#555">${escape(chart.empty)}</text>\n</svg>\n`;

  const values = series.flatMap((s) => [...s.points.map((p) => p.y), ...(s.target ? [s.target.y] : [])]);
  const yMin = Math.pow(10, Math.floor(Math.log10(Math.max(0.1, Math.min(...values)))));
  const yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(...values) * 1.05)));
  const xMin = xs[0] / 2;
  const xMax = xs[xs.length - 1] * 2;
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const x = (n: number) =>
    M.left + ((Math.log10(n) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW;
  const y = (v: number) =>
    M.top + plotH - ((Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotH;

  const parts: string[] = [head];
  parts.push(
    `  <rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  );
  for (const tick of logTicks(yMin, yMax)) {
    parts.push(
      `  <line x1="${M.left}" x2="${M.left + plotW}" y1="${f(y(tick))}" y2="${f(y(tick))}" stroke="#e5e5e5"/>`,
      `  <text x="${M.left - 8}" y="${f(y(tick) + 4)}" text-anchor="end">${tick.toLocaleString('en')}</text>`,
    );
  }
  for (const size of xs) {
    parts.push(
      `  <line x1="${f(x(size))}" x2="${f(x(size))}" y1="${M.top}" y2="${M.top + plotH}" stroke="#e5e5e5"/>`,
      `  <text x="${f(x(size))}" y="${M.top + plotH + 18}" text-anchor="middle">${sizeText(size)}</text>`,
    );
  }
  parts.push(
    `  <text x="${M.left + plotW / 2}" y="${HEIGHT - 16}" text-anchor="middle" fill="#333">${escape(chart.xLabel)}</text>`,
    `  <text transform="translate(18 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">${escape(chart.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[(s.colour ?? i) % COLOURS.length];
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const points = s.points.map((p) => `${f(x(p.x))},${f(y(p.y))}`).join(' ');
    if (s.points.length > 1)
      parts.push(`  <polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`);
    for (const p of s.points)
      parts.push(
        `  <circle cx="${f(x(p.x))}" cy="${f(y(p.y))}" r="4" fill="${s.dashed ? '#ffffff' : colour}" stroke="${colour}" stroke-width="2"><title>${escape(`${s.title}: ${p.y.toLocaleString('en')} ${chart.unit} at ${sizeText(p.x)}`)}</title></circle>`,
      );
    if (s.target) {
      const tx = s.target.x ? x(s.target.x) : M.left + plotW;
      parts.push(
        `  <line x1="${f(tx - 18)}" x2="${f(tx + 18)}" y1="${f(y(s.target.y))}" y2="${f(y(s.target.y))}" stroke="${colour}" stroke-width="2" stroke-dasharray="4 3"/>`,
        `  <text x="${f(tx + 22)}" y="${f(y(s.target.y) + 4)}" fill="${colour}">target ${s.target.y.toLocaleString('en')} ${escape(chart.unit)}</text>`,
      );
    }
    const ly = M.top + 8 + i * 20;
    parts.push(
      `  <line x1="${WIDTH - M.right + 70}" x2="${WIDTH - M.right + 92}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash}/>`,
      `  <text x="${WIDTH - M.right + 98}" y="${ly + 4}">${escape(s.key)}</text>`,
    );
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}

/** 1, 2, 5, 10, 20, 50, … between the bounds. */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let decade = min; decade <= max; decade *= 10)
    for (const step of [1, 2, 5])
      if (decade * step >= min && decade * step <= max) ticks.push(+(decade * step).toPrecision(3));
  return ticks;
}

function sizeText(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);
}

function f(value: number): string {
  return value.toFixed(1);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
