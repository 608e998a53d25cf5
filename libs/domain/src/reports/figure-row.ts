/** One aggregate the database returns: a figure of one period, optionally for one dimension value. */
export interface FigureRow {
  /** Index of the period in the list asked for (0: the quarter, 1: the quarter before). */
  n: number;
  /** `section.figure`, e.g. incidents.bySeverity */
  figure: string;
  dimension: string | null;
  value: number | null;
}
