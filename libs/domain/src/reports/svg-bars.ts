import { escapeHtml } from './escape-html';

export interface Bar {
  label: string;
  value: number;
  /** What to print after the bar; defaults to the value. */
  shown?: string;
  /** Draws the bar in the lighter colour of a comparison (the previous quarter). */
  comparison?: boolean;
}

const ROW = 22;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 60;

/**
 * A horizontal bar chart as inline SVG (no script, no external resources), scaled to the
 * largest value or to `max`. Labels are escaped; the chart has a title for screen readers.
 */
export function svgBars(title: string, bars: Bar[], options: { width?: number; max?: number } = {}): string {
  const width = options.width ?? 340;
  const track = width - LABEL_WIDTH - VALUE_WIDTH;
  const max = Math.max(options.max ?? 0, ...bars.map((b) => b.value), 0);
  const height = bars.length * ROW + 4;
  const rows = bars
    .map((bar, i) => {
      const y = i * ROW + 2;
      const length = max > 0 ? Math.round((bar.value / max) * track) : 0;
      return (
        `<text x="${LABEL_WIDTH - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
        `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${track}" height="${ROW - 6}" class="track"/>` +
        `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${length}" height="${ROW - 6}" class="${bar.comparison ? 'bar prev' : 'bar'}"/>` +
        `<text x="${LABEL_WIDTH + track + 6}" y="${y + 15}">${escapeHtml(bar.shown ?? bar.value)}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${rows}</svg>`
  );
}
