import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { flattenReport } from './flatten-report';

const BOM = '\uFEFF';

/**
 * The report as CSV for Dutch Excel: UTF-8 with a byte order mark (so Excel reads the encoding),
 * semicolon-separated, a decimal comma in fractions, CRLF line ends, one figure per row
 * `section;figure;dimension;value` after a header row. Text that a spreadsheet would read as a
 * formula (starting with = + - @, also after white space or a line break) gets a leading apostrophe.
 */
export function renderReportCsv(report: QuarterlyReportDto): string {
  const lines = [['section', 'figure', 'dimension', 'value']];
  for (const cell of flattenReport(report))
    lines.push([cell.section, cell.figure, text(cell.dimension), value(cell.value)]);
  return BOM + lines.map((fields) => fields.map(quote).join(';')).join('\r\n') + '\r\n';
}

function value(v: number | string | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  return text(v);
}

/** What a spreadsheet may run as a formula, also behind leading white space or a line break. */
const FORMULA = /^(\s*[=+\-@]|[\t\r\n])/;

function text(v: string): string {
  return FORMULA.test(v) ? `'${v}` : v;
}

function quote(field: string): string {
  return /[;"\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
