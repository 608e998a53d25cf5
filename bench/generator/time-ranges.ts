import { BulkLoader } from './bulk-loader';

/**
 * SQL conditions that split existing rows into `count` ranges of about equal size by a time
 * column, so work over them runs in parallel chunks and writes rows in time order — as a real
 * register grows, which keeps a quarter's rows physically together.
 */
export async function timeRanges(
  loader: BulkLoader,
  table: string,
  column: string,
  alias: string,
  count: number,
): Promise<string[]> {
  const fractions = Array.from({ length: count - 1 }, (_, i) => (i + 1) / count);
  const [row] = await loader.query<{ bounds: Date[] | null }>(
    `SELECT percentile_disc($1::float8[]) WITHIN GROUP (ORDER BY ${column}) AS bounds FROM ${table}`,
    [fractions],
  );
  const bounds = (row.bounds ?? []).map((bound) => `'${bound.toISOString()}'::timestamptz`);
  return Array.from({ length: count }, (_, i) =>
    [
      i > 0 && bounds[i - 1] ? `${alias}.${column} >= ${bounds[i - 1]}` : 'true',
      i < count - 1 && bounds[i] ? `${alias}.${column} < ${bounds[i]}` : 'true',
    ].join(' AND '),
  );
}
