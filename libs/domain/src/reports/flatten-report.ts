import { ChainTriangleDto } from './dto/chain-triangle.dto';
import { QuarterFiguresDto } from './dto/quarter-figures.dto';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { assembleQuarterFigures } from './assemble-quarter-figures';
import { Quarter } from './quarter';
import { ReportCell } from './report-cell';

const SECTIONS = ['incidents', 'learning', 'lessons', 'bestPractices', 'actions', 'reflection'] as const;
const META = [
  'organisationId',
  'organisationName',
  'chainId',
  'chainName',
  'year',
  'quarter',
  'startsAt',
  'endsAt',
  'lastDay',
  'timeZone',
  'generatedAt',
  'dataAsOf',
] as const;

/**
 * Every figure of a report as a row, in a fixed order: the order of an empty report as the
 * assembler builds it, so a report read back from jsonb (which does not keep key order) gives
 * the same rows in the same order as the live one. The previous quarter follows with sections
 * prefixed `previous.`.
 */
export function flattenReport(report: QuarterlyReportDto): ReportCell[] {
  const cells: ReportCell[] = META.map((figure) => ({
    section: 'report',
    figure,
    dimension: '',
    value: report[figure] ?? null,
  }));
  cells.push(...flattenQuarter(report, ''));
  cells.push(
    ...(['year', 'quarter', 'startsAt', 'endsAt', 'lastDay'] as const).map((figure) => ({
      section: 'previous.report',
      figure,
      dimension: '',
      value: report.previous[figure],
    })),
  );
  cells.push(...flattenQuarter(report.previous, 'previous.'));
  return cells;
}

function flattenQuarter(figures: QuarterFiguresDto, prefix: string): ReportCell[] {
  const template = assembleQuarterFigures(Quarter.of(figures.year, figures.quarter), [], []);
  const cells: ReportCell[] = [];
  for (const section of SECTIONS) {
    const values = figures[section] as unknown as Record<string, unknown>;
    for (const [figure, shape] of Object.entries(template[section])) {
      const value = values[figure];
      if (shape !== null && typeof shape === 'object') {
        // A snapshot frozen before the figure existed has none: empty, not 0.
        const counts = value as Record<string, number> | undefined;
        for (const dimension of Object.keys(shape))
          cells.push({
            section: prefix + section,
            figure,
            dimension,
            value: counts === undefined ? null : (counts[dimension] ?? 0),
          });
      } else {
        cells.push({ section: prefix + section, figure, dimension: '', value: value as number | null });
      }
    }
  }
  for (const chain of figures.triangles as ChainTriangleDto[]) {
    cells.push({
      section: `${prefix}triangles`,
      figure: 'vacantRoles',
      dimension: chain.name,
      value: chain.vacantRoles.join(' '),
    });
    cells.push({
      section: `${prefix}triangles`,
      figure: 'mixedRoles',
      dimension: chain.name,
      value: chain.mixedRoles.length,
    });
  }
  return cells;
}
