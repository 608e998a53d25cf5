import { assembleQuarterFigures } from './assemble-quarter-figures';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { Quarter } from './quarter';
import { renderReportCsv } from './render-report-csv';

function report(name: string, chainName: string): QuarterlyReportDto {
  const figures = assembleQuarterFigures(
    Quarter.of(2027, 1),
    [
      { n: 0, figure: 'reflection.byStatus', dimension: 'held', value: 1 },
      { n: 0, figure: 'reflection.byStatus', dimension: 'cancelled', value: 2 },
    ],
    [{ chainId: 'c1', name: chainName, healthy: false, vacantRoles: [], mixedRoles: [] }],
  );
  return {
    ...figures,
    organisationId: 'o1',
    organisationName: name,
    chainId: null,
    chainName: null,
    timeZone: 'Europe/Amsterdam',
    generatedAt: '2027-04-01T04:00:00.000Z',
    dataAsOf: '2027-04-01T04:00:00.000Z',
    previous: assembleQuarterFigures(Quarter.of(2026, 4), [], []),
  };
}

describe('renderReportCsv', () => {
  const csv = renderReportCsv(report('=HYPERLINK("http://x")', 'Keten; "A"'));
  const lines = csv.slice(1).split('\r\n');

  it('starts with a BOM and a header, ends every line with CRLF', () => {
    expect(csv.startsWith('\uFEFFsection;figure;dimension;value\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes fractions with a decimal comma and null as empty', () => {
    expect(lines).toContain('reflection;protectedTimeRatio;;0,3333');
    expect(lines).toContain('previous.reflection;protectedTimeRatio;;');
  });

  it('writes a breakdown a snapshot frozen before it existed lacks as empty, not 0', () => {
    const old = report('Ministerie', 'Keten');
    const { incidentsWithLessonByPublicAttention: _dropped, ...learning } = old.learning;
    const rows = renderReportCsv({ ...old, learning: learning as typeof old.learning }).split('\r\n');
    expect(rows).toContain('learning;incidentsWithLessonByPublicAttention;national;');
    expect(lines).toContain('learning;incidentsWithLessonByPublicAttention;national;0');
  });

  it('quotes separators and quotes, and defuses formulas', () => {
    expect(lines).toContain('report;organisationName;;"\'=HYPERLINK(""http://x"")"');
    expect(lines).toContain('triangles;mixedRoles;"Keten; ""A""";0');
  });

  it('defuses formulas behind leading white space or a line break, and leaves other text alone', () => {
    const organisationLine = (name: string) =>
      renderReportCsv(report(name, 'Keten'))
        .split('\r\n')
        .find((l) => l.startsWith('report;organisationName;')) as string;
    expect(organisationLine(' =1+1')).toBe("report;organisationName;;' =1+1");
    expect(organisationLine('\t@SUM(A1)')).toBe("report;organisationName;;'\t@SUM(A1)");
    expect(organisationLine('\n=1+1')).toBe('report;organisationName;;"\'\n=1+1"');
    expect(organisationLine('BZK - Directie A')).toBe('report;organisationName;;BZK - Directie A');
  });
});
