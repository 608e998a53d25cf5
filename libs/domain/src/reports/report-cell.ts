/** One figure of a report as a table row: `section;figure;dimension;value`. */
export interface ReportCell {
  section: string;
  figure: string;
  dimension: string;
  value: number | string | null;
}
