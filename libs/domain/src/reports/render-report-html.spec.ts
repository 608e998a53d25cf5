import { assembleQuarterFigures } from './assemble-quarter-figures';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { FigureRow } from './figure-row';
import { Quarter } from './quarter';
import { renderReportHtml } from './render-report-html';

/** Six of eleven, for each share the report shows as a percentage: 0.5455 in the JSON. */
const SIX_OF_ELEVEN: FigureRow[] = [
  { n: 0, figure: 'incidents.bySeverity', dimension: 'low', value: 11 },
  { n: 0, figure: 'learning.incidentsWithLesson', dimension: null, value: 6 },
  { n: 0, figure: 'reflection.byStatus', dimension: 'held', value: 6 },
  { n: 0, figure: 'reflection.byStatus', dimension: 'cancelled', value: 5 },
  { n: 0, figure: 'reflection.agendaMinutes', dimension: null, value: 110 },
  { n: 0, figure: 'reflection.learningMinutes', dimension: null, value: 60 },
  { n: 0, figure: 'reflection.themeMinutes', dimension: null, value: 60 },
];

function report(rows: FigureRow[]): QuarterlyReportDto {
  return {
    ...assembleQuarterFigures(Quarter.of(2027, 1), rows, []),
    organisationId: 'o1',
    organisationName: 'Ministerie',
    chainId: null,
    chainName: null,
    timeZone: 'Europe/Amsterdam',
    generatedAt: '2027-04-01T04:00:00.000Z',
    dataAsOf: '2027-04-01T04:00:00.000Z',
    previous: assembleQuarterFigures(Quarter.of(2026, 4), [], []),
  };
}

describe('renderReportHtml', () => {
  const figures = report(SIX_OF_ELEVEN);

  it('shows a share from its counts, rounded once: 6/11 is 54,5%, not 54,6% from the rounded 0.5455', () => {
    expect(figures.learning.learningRate).toBe(0.5455);
    const html = renderReportHtml(figures, 'nl');
    expect(html).not.toContain('54,6%');
    // Learning rate and protected time as tiles, protected time in its chart too.
    expect(html).toContain('<small>Leergraad</small><b>54,5%</b>');
    expect(html).toMatch(/<small>Beschermde tijd[^<]*<\/small><b>54,5%<\/b>/);
    expect(html).toMatch(/<text [^>]*>54,5%<\/text>/);
    expect(html).toMatch(
      /Aandeel leren in agendatijd<\/td><td class="n">54,5%<\/td><td class="n">n\.v\.t\.</,
    );
    expect(html).toMatch(/Aandeel langetermijnthema’s in agendatijd<\/td><td class="n">54,5%</);
    expect(renderReportHtml(figures, 'en')).toContain('<small>Learning rate</small><b>54.5%</b>');
  });

  it('shows the theme share a snapshot frozen before themeMinutes existed stored, and n/a when it has none', () => {
    // Only the rounded share is known then.
    const frozen = {
      ...figures,
      reflection: { ...figures.reflection, themeMinutes: null, themeShareOfAgendaTime: 0.2727 },
    };
    expect(renderReportHtml(frozen, 'nl')).toMatch(
      /langetermijnthema’s in agendatijd<\/td><td class="n">27,3%</,
    );
    const older = { ...frozen, reflection: { ...frozen.reflection, themeShareOfAgendaTime: null } };
    expect(renderReportHtml(older, 'nl')).toMatch(
      /langetermijnthema’s in agendatijd<\/td><td class="n">n\.v\.t\.</,
    );
  });
});
