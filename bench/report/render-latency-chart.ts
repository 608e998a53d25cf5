import { Figures } from './figures';

const COLOURS = ['#1f6fb2', '#d4451b', '#2e8b57', '#8e44ad', '#c28a00', '#00838f', '#6d4c41', '#c2185b'];
const WIDTH = 820;
const HEIGHT = 440;
const M = { left: 70, right: 250, top: 50, bottom: 60 };

interface Series {
  key: string;
  title: string;
  points: Array<{ incidents: number; p95: number }>;
  target?: { incidents?: number; value: number };
}

/**
 * An SVG line chart of p95 latency (log scale) against the number of incidents (log scale), one
 * line per measured scenario, with each latency target as a dashed mark. Hand-written SVG: no
 * chart library needed for a handful of lines.
 */
export function renderLatencyChart(figures: Figures): string {
  const series = collect(figures);
  const sizes = [...new Set(series.flatMap((s) => s.points.map((p) => p.incidents)))].sort((a, b) => a - b);
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="${M.left}" y="24" font-size="16" font-weight="bold">p95 latency against data size</text>
  <text x="${M.left}" y="40" fill="#555">${escape(subtitle(figures))}</text>`;
  if (!series.length || !sizes.length)
    return `${head}\n  <text x="${M.left}" y="${HEIGHT / 2}" fill="#555">No measured scenarios yet: run npm run bench:quick.</text>\n</svg>\n`;

  const values = series.flatMap((s) => [
    ...s.points.map((p) => p.p95),
    ...(s.target ? [s.target.value] : []),
  ]);
  const yMin = Math.pow(10, Math.floor(Math.log10(Math.max(0.1, Math.min(...values)))));
  const yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(...values) * 1.05)));
  const xMin = sizes[0] / 2;
  const xMax = sizes[sizes.length - 1] * 2;
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const x = (n: number) =>
    M.left + ((Math.log10(n) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW;
  const y = (ms: number) =>
    M.top + plotH - ((Math.log10(ms) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotH;

  const parts: string[] = [head];
  parts.push(
    `  <rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  );
  for (const tick of logTicks(yMin, yMax)) {
    parts.push(
      `  <line x1="${M.left}" x2="${M.left + plotW}" y1="${f(y(tick))}" y2="${f(y(tick))}" stroke="#e5e5e5"/>`,
      `  <text x="${M.left - 8}" y="${f(y(tick) + 4)}" text-anchor="end">${tick}</text>`,
    );
  }
  for (const size of sizes) {
    parts.push(
      `  <line x1="${f(x(size))}" x2="${f(x(size))}" y1="${M.top}" y2="${M.top + plotH}" stroke="#e5e5e5"/>`,
      `  <text x="${f(x(size))}" y="${M.top + plotH + 18}" text-anchor="middle">${sizeText(size)}</text>`,
    );
  }
  parts.push(
    `  <text x="${M.left + plotW / 2}" y="${HEIGHT - 16}" text-anchor="middle" fill="#333">incidents in the database</text>`,
    `  <text transform="translate(18 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">p95 latency (ms, log scale)</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = s.points.map((p) => `${f(x(p.incidents))},${f(y(p.p95))}`).join(' ');
    if (s.points.length > 1)
      parts.push(`  <polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of s.points)
      parts.push(
        `  <circle cx="${f(x(p.incidents))}" cy="${f(y(p.p95))}" r="4" fill="${colour}"><title>${escape(`${s.title}: p95 ${p.p95} ms at ${sizeText(p.incidents)}`)}</title></circle>`,
      );
    if (s.target) {
      const tx = s.target.incidents ? x(s.target.incidents) : M.left + plotW;
      parts.push(
        `  <line x1="${f(tx - 18)}" x2="${f(tx + 18)}" y1="${f(y(s.target.value))}" y2="${f(y(s.target.value))}" stroke="${colour}" stroke-width="2" stroke-dasharray="4 3"/>`,
        `  <text x="${f(tx + 22)}" y="${f(y(s.target.value) + 4)}" fill="${colour}">target ${s.target.value} ms</text>`,
      );
    }
    const ly = M.top + 8 + i * 20;
    parts.push(
      `  <line x1="${WIDTH - M.right + 70}" x2="${WIDTH - M.right + 92}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
      `  <text x="${WIDTH - M.right + 98}" y="${ly + 4}">${escape(s.key)}</text>`,
    );
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}

function collect(figures: Figures): Series[] {
  const byKey = new Map<string, Series>();
  for (const size of Object.values(figures.http).sort((a, b) => a.incidents - b.incidents)) {
    for (const [key, s] of Object.entries(size.scenarios)) {
      if (s.status !== 'measured' || s.p95 === undefined) continue;
      const series = byKey.get(key) ?? { key, title: s.title, points: [] };
      series.points.push({ incidents: size.incidents, p95: Math.max(0.1, s.p95) });
      if (s.target?.metric === 'p95')
        series.target = { incidents: s.target.atIncidents, value: s.target.value };
      byKey.set(key, series);
    }
  }
  return [...byKey.values()];
}

function subtitle(figures: Figures): string {
  const m = figures.machine;
  const machine = m
    ? `${m.cpus} cores, ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres ?? '?'}`
    : '';
  return `${machine}${machine ? '; ' : ''}updated ${figures.updatedAt.slice(0, 10)}`;
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
