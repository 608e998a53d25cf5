import { ReportSnapshotDto } from './dto/report-snapshot.dto';
import { formatPercentage } from './format-percentage';
import { renderReportCsv } from './render-report-csv';
import { renderReportHtml } from './render-report-html';
import { reportLabels } from './report-labels';
import { summariseReport } from './report-summary';

export interface ReportEmail {
  subject: string;
  /** Plain-text body: a short summary in the recipient's language. */
  text: string;
  /** HTML body: the printable report itself. */
  html: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

/**
 * The e-mail that delivers a frozen quarterly report to a lead: a summary in their language
 * (nl or en), the HTML report as body and the CSV as attachment. `link` is the absolute URL of
 * the snapshot in the api (for clients with a token), when the caller knows the public base URL.
 */
export function renderReportEmail(snapshot: ReportSnapshotDto, locale: string, link?: string): ReportEmail {
  const report = snapshot.figures;
  const t = reportLabels(locale);
  const summary = summariseReport(report);
  const share = (part: number, whole: number) => formatPercentage(part, whole, locale) ?? t.notApplicable;
  const quarter = `Q${report.quarter} ${report.year}`;
  const organisation = report.chainName
    ? `${report.organisationName} (${report.chainName})`
    : report.organisationName;
  const text = [
    t.summaryIntro(quarter, organisation),
    '',
    `${t.incidentsTotal}: ${summary.incidents} (${t.previousQuarter}: ${summary.previousIncidents})`,
    `${t.learningRate}: ${share(report.learning.incidentsWithLesson, report.incidents.total)}`,
    `${t.lessons} – ${t.validated.toLowerCase()}: ${summary.lessonsValidated}`,
    `${t.overdue}: ${summary.actionsOverdue}`,
    `${t.protectedTime}: ${share(report.reflection.held, report.reflection.planned)} (${t.previousQuarter}: ${share(report.previous.reflection.held, report.previous.reflection.planned)})`,
    `${t.escalations}: ${summary.escalations}`,
    '',
    t.attachment,
    ...(link ? [t.apiLink, link] : []),
    '',
  ].join('\n');
  return {
    subject: t.emailSubject(quarter, organisation),
    text,
    html: renderReportHtml(report, locale),
    attachments: [
      {
        filename: `quarterly-report-${report.year}-q${report.quarter}.csv`,
        contentType: 'text/csv; charset=utf-8',
        content: renderReportCsv(report),
      },
    ],
  };
}
