/** The representations of a report; `format` in the query overrides the Accept header. */
export enum ReportFormat {
  Json = 'json',
  Csv = 'csv',
  Html = 'html',
}
