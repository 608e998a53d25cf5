import { QuarterlyReportDto } from './dto/quarterly-report.dto';

/** The handful of headline figures that go into the e-mail text and the webhook payload. */
export interface ReportSummary {
  year: number;
  quarter: number;
  incidents: number;
  previousIncidents: number;
  learningRate: number | null;
  lessonsValidated: number;
  actionsOverdue: number;
  protectedTimeRatio: number | null;
  previousProtectedTimeRatio: number | null;
  escalations: number;
}

export function summariseReport(report: QuarterlyReportDto): ReportSummary {
  return {
    year: report.year,
    quarter: report.quarter,
    incidents: report.incidents.total,
    previousIncidents: report.previous.incidents.total,
    learningRate: report.learning.learningRate,
    lessonsValidated: report.lessons.validated,
    actionsOverdue: report.actions.overdueAtQuarterEnd,
    protectedTimeRatio: report.reflection.protectedTimeRatio,
    previousProtectedTimeRatio: report.previous.reflection.protectedTimeRatio,
    escalations: report.reflection.escalations,
  };
}
