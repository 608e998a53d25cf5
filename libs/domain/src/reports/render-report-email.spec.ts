import { assembleQuarterFigures } from './assemble-quarter-figures';
import { ReportSnapshotDto } from './dto/report-snapshot.dto';
import { FigureRow } from './figure-row';
import { Quarter } from './quarter';
import { renderReportEmail } from './render-report-email';
import { SnapshotReason } from './snapshot-reason';

const row = (figure: string, dimension: string | null, value: number): FigureRow => ({
  n: 0,
  figure,
  dimension,
  value,
});

function snapshot(): ReportSnapshotDto {
  const at = new Date('2027-04-01T04:00:00.000Z');
  return {
    id: 's1',
    organisationId: 'o1',
    chainId: null,
    year: 2027,
    quarter: 1,
    reason: SnapshotReason.QuarterClose,
    generatedAt: at,
    dataAsOf: at,
    generatedById: null,
    createdAt: at,
    version: 1,
    figures: {
      // Six of eleven incidents led to a lesson, six of eleven sessions were held: 0.5455 in the JSON.
      ...assembleQuarterFigures(
        Quarter.of(2027, 1),
        [
          row('incidents.bySeverity', 'low', 11),
          row('learning.incidentsWithLesson', null, 6),
          row('reflection.byStatus', 'held', 6),
          row('reflection.byStatus', 'cancelled', 5),
        ],
        [],
      ),
      organisationId: 'o1',
      organisationName: 'Ministerie',
      chainId: null,
      chainName: null,
      timeZone: 'Europe/Amsterdam',
      generatedAt: at.toISOString(),
      dataAsOf: at.toISOString(),
      // Five of eleven sessions held: 0.4545.
      previous: assembleQuarterFigures(
        Quarter.of(2026, 4),
        [row('reflection.byStatus', 'held', 5), row('reflection.byStatus', 'cancelled', 6)],
        [],
      ),
    },
  };
}

describe('renderReportEmail', () => {
  it('gives the shares in its text from their counts, rounded once: 6/11 is 54,5%, not 54,6%', () => {
    const report = snapshot();
    expect(report.figures.learning.learningRate).toBe(0.5455);
    const dutch = renderReportEmail(report, 'nl').text;
    expect(dutch).toContain('Leergraad: 54,5%\n');
    expect(dutch).toContain('Beschermde tijd (gehouden / gepland): 54,5% (vorig kwartaal: 45,5%)\n');
    expect(renderReportEmail(report, 'en').text).toContain(
      'Protected time (held / planned): 54.5% (previous quarter: 45.5%)\n',
    );
  });
});
