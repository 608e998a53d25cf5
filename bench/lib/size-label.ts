/** 1000000 → "1m", 100000 → "100k": how sizes appear in database names, tables and the chart. */
export function sizeLabel(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}
