/**
 * SQL conditions that split a uuid column into `count` (≤ 256) ranges of about equal size, so work
 * over existing rows can run in parallel chunks in a fixed order.
 */
export function uuidRanges(column: string, count: number): string[] {
  const bound = (i: number) =>
    `'${Math.floor((i * 256) / count)
      .toString(16)
      .padStart(2, '0')}000000-0000-0000-0000-000000000000'::uuid`;
  return Array.from({ length: count }, (_, i) =>
    [
      i > 0 ? `${column} >= ${bound(i)}` : 'true',
      i < count - 1 ? `${column} < ${bound(i + 1)}` : 'true',
    ].join(' AND '),
  );
}
