import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { renderReportCsv } from './render-report-csv';
import { renderReportHtml } from './render-report-html';
import { RenderedReport } from './rendered-report';
import { reportEtag } from './report-etag';
import { ReportFormat } from './report-format';

/** The report as JSON (the DTO itself), CSV or HTML, with an ETag of its figures. */
export function renderReport(
  report: QuarterlyReportDto,
  format: ReportFormat,
  locale: string,
): RenderedReport {
  const rendered = render(report, format, locale);
  const etag = reportEtag(report, rendered.mediaType, (r) => render(r, format, locale).body);
  return { ...rendered, etag };
}

function render(report: QuarterlyReportDto, format: ReportFormat, locale: string): RenderedReport {
  const name = `quarterly-report-${report.year}-q${report.quarter}`;
  switch (format) {
    case ReportFormat.Csv:
      return { mediaType: 'text/csv', body: renderReportCsv(report), filename: `${name}.csv` };
    case ReportFormat.Html:
      return { mediaType: 'text/html', body: renderReportHtml(report, locale), filename: `${name}.html` };
    default:
      return { mediaType: 'application/json', body: report, filename: `${name}.json` };
  }
}
