import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { reportEtag } from './report-etag';

describe('reportEtag', () => {
  const report = (generatedAt: string, total: number) =>
    ({
      year: 2027,
      quarter: 2,
      generatedAt,
      dataAsOf: generatedAt,
      incidents: { total },
    }) as unknown as QuarterlyReportDto;
  const asText = (r: QuarterlyReportDto) => `Q${r.quarter} ${r.year}: ${JSON.stringify(r)}`;

  it('is the same for the same figures computed at another moment, in the same rendering', () => {
    const first = reportEtag(report('2027-05-01T10:00:00.000Z', 5), 'text/csv', asText);
    expect(reportEtag(report('2027-05-01T10:01:00.000Z', 5), 'text/csv', asText)).toBe(first);
    expect(first).toMatch(/^W\/"[\w-]{27}"$/);
  });

  it('changes with a figure, the media type or the way the report is rendered', () => {
    const first = reportEtag(report('2027-05-01T10:00:00.000Z', 5), 'text/csv', asText);
    expect(reportEtag(report('2027-05-01T10:00:00.000Z', 6), 'text/csv', asText)).not.toBe(first);
    expect(reportEtag(report('2027-05-01T10:00:00.000Z', 5), 'text/html', asText)).not.toBe(first);
    const relaidOut = (r: QuarterlyReportDto) => `${asText(r)}\n`;
    expect(reportEtag(report('2027-05-01T10:00:00.000Z', 5), 'text/csv', relaidOut)).not.toBe(first);
  });
});
