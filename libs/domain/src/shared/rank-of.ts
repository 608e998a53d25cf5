/** SQL for the rank of an enumeration's value (its place in `values`, lowest first), to sort by it. */
export function rankOf(column: string, values: readonly string[]): string {
  return `CASE ${column} ${values.map((value, n) => `WHEN '${value}' THEN ${n}`).join(' ')} END`;
}
