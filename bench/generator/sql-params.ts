/**
 * Collects bind parameters for one generated statement and writes the SQL fragments that pick
 * from them. Vocabularies travel as array parameters, so Postgres composes the rows itself and
 * nothing is sent per row.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** A placeholder for one value, with an explicit cast so the planner knows its type. */
  value(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  /** A placeholder for an array of values (text[] unless told otherwise). */
  array(values: readonly unknown[], cast = 'text[]'): string {
    return this.value([...values], cast);
  }

  /**
   * One random element of the list. skew > 1 favours the front of the list (power law), so the
   * first words are common and the last ones rare.
   */
  pick(values: readonly unknown[], skew = 1, cast = 'text[]'): string {
    return `(${this.array(values, cast)})[${this.index(values.length, skew)}]`;
  }

  /** A random 1-based index into a list of this length. */
  index(length: number, skew = 1, random = 'random()'): string {
    const draw = skew === 1 ? random : `power(${random}, ${skew})`;
    return `(1 + floor(${draw} * ${length})::int)`;
  }
}

/** SQL that maps a uniform draw in [0,1) to one of several values by weight. */
export function weighted(draw: string, options: ReadonlyArray<readonly [string | null, number]>): string {
  const total = options.reduce((sum, [, weight]) => sum + weight, 0);
  let cumulative = 0;
  const arms = options.slice(0, -1).map(([value, weight]) => {
    cumulative += weight / total;
    return `WHEN ${draw} < ${cumulative.toFixed(6)} THEN ${literal(value)}`;
  });
  return `(CASE ${arms.join(' ')} ELSE ${literal(options[options.length - 1][0])} END)`;
}

function literal(value: string | null): string {
  return value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}
