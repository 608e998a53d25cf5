import { QuarterFiguresDto } from './dto/quarter-figures.dto';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';

/**
 * A report as a snapshot stored it, in today's shape: a snapshot is never rewritten, so one frozen
 * before a figure was added lacks it, and reads it as null (not known then), in every format.
 */
export function readFrozenReport(stored: QuarterlyReportDto): QuarterlyReportDto {
  return { ...withLaterFigures(stored), previous: withLaterFigures(stored.previous) };
}

function withLaterFigures<T extends QuarterFiguresDto>(figures: T): T {
  return {
    ...figures,
    reflection: {
      ...figures.reflection,
      themeMinutes: figures.reflection.themeMinutes ?? null,
      themeShareOfAgendaTime: figures.reflection.themeShareOfAgendaTime ?? null,
    },
  };
}
