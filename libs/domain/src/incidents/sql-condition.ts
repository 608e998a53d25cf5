/** A WHERE fragment with its named parameters, for `qb.andWhere(c.sql, c.parameters)`. */
export interface SqlCondition {
  sql: string;
  parameters: Record<string, unknown>;
}
