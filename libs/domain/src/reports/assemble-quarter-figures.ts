import { CauseLevel } from '../incidents/cause-level';
import { IncidentSource } from '../incidents/incident-source';
import { IncidentStatus } from '../incidents/incident-status';
import { PublicAttention } from '../incidents/public-attention';
import { Severity } from '../incidents/severity';
import { AddressedRole } from '../lessons/addressed-role';
import { LessonResponse } from '../lessons/lesson-response';
import { SessionStatus } from '../reflection/session-status';
import { ChainTriangleDto } from './dto/chain-triangle.dto';
import { QuarterFiguresDto } from './dto/quarter-figures.dto';
import { FigureRow } from './figure-row';
import { Quarter } from './quarter';

const UNKNOWN = 'unknown';

/**
 * Turns the aggregates of one quarter into its figures: every breakdown carries every enum value
 * (0 when the database returned no row for it), totals are sums of their breakdowns, and ratios
 * are null when there is nothing to divide by. Rows of the same figure and dimension add up.
 */
export function assembleQuarterFigures(
  quarter: Quarter,
  rows: FigureRow[],
  triangles: ChainTriangleDto[],
): QuarterFiguresDto {
  const values = new Map<string, number | null>();
  for (const row of rows) {
    const key = `${row.figure}|${row.dimension ?? ''}`;
    values.set(key, row.value === null ? (values.get(key) ?? null) : (values.get(key) ?? 0) + row.value);
  }
  const count = (figure: string, dimension = ''): number => values.get(`${figure}|${dimension}`) ?? 0;
  const measure = (figure: string): number | null => values.get(`${figure}|`) ?? null;
  const breakdown = <K extends string>(figure: string, keys: readonly K[]): Record<K, number> =>
    Object.fromEntries(keys.map((key) => [key, count(figure, key)])) as Record<K, number>;
  const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

  const bySeverity = breakdown('incidents.bySeverity', Object.values(Severity));
  const total = sum(bySeverity);
  const withLesson = count('learning.incidentsWithLesson');
  const lessonsByRole = breakdown('lessons.byAddressedRole', Object.values(AddressedRole));
  const lessonsByResponse = breakdown('lessons.byResponse', [...Object.values(LessonResponse), UNKNOWN]);
  const actionsByRole = breakdown('actions.byAddressedRole', [...Object.values(AddressedRole), UNKNOWN]);
  const sessions = breakdown('reflection.byStatus', Object.values(SessionStatus));
  const planned = sum(sessions);
  const agendaMinutes = count('reflection.agendaMinutes');
  const learningMinutes = count('reflection.learningMinutes');
  const themeMinutes = count('reflection.themeMinutes');

  return {
    year: quarter.year,
    quarter: quarter.quarter,
    startsAt: Quarter.localIso(quarter.startsAt),
    endsAt: Quarter.localIso(quarter.endsAt),
    lastDay: quarter.lastDay,
    incidents: {
      total,
      bySeverity,
      byPublicAttention: breakdown('incidents.byPublicAttention', Object.values(PublicAttention)),
      byCauseLevel: breakdown('incidents.byCauseLevel', [...Object.values(CauseLevel), UNKNOWN]),
      bySource: breakdown('incidents.bySource', Object.values(IncidentSource)),
      byStatusAtQuarterEnd: breakdown('incidents.byStatusAtQuarterEnd', Object.values(IncidentStatus)),
      closed: count('incidents.closed'),
      recurrences: count('incidents.recurrences'),
    },
    learning: {
      incidentsWithLesson: withLesson,
      incidentsWithValidatedLesson: count('learning.incidentsWithValidatedLesson'),
      incidentsWithEmbeddedLesson: count('learning.incidentsWithEmbeddedLesson'),
      learningRate: ratio(withLesson, total),
      medianDaysToValidatedLesson: round(measure('learning.medianDaysToValidatedLesson'), 2),
      p90DaysToValidatedLesson: round(measure('learning.p90DaysToValidatedLesson'), 2),
      incidentsWithLessonByPublicAttention: breakdown(
        'learning.incidentsWithLessonByPublicAttention',
        Object.values(PublicAttention),
      ),
      incidentsWithValidatedLessonByPublicAttention: breakdown(
        'learning.incidentsWithValidatedLessonByPublicAttention',
        Object.values(PublicAttention),
      ),
    },
    lessons: {
      drawn: sum(lessonsByRole),
      validated: sum(lessonsByResponse),
      embedded: count('lessons.embedded'),
      byAddressedRole: lessonsByRole,
      byResponse: lessonsByResponse,
      rechecksDue: count('lessons.rechecksDue'),
      rechecksDone: count('lessons.rechecksDone'),
    },
    bestPractices: {
      proposed: count('bestPractices.proposed'),
      endorsed: count('bestPractices.endorsed'),
      adopted: count('bestPractices.adopted'),
      adoptions: count('bestPractices.adoptions'),
    },
    actions: {
      created: sum(actionsByRole),
      done: count('actions.done'),
      doneOnTime: count('actions.doneOnTime'),
      overdueAtQuarterEnd: count('actions.overdueAtQuarterEnd'),
      byAddressedRole: actionsByRole,
    },
    reflection: {
      planned,
      held: sessions[SessionStatus.Held],
      postponed: sessions[SessionStatus.Postponed],
      cancelled: sessions[SessionStatus.Cancelled],
      protectedTimeRatio: ratio(sessions[SessionStatus.Held], planned),
      agendaMinutes,
      learningMinutes,
      themeMinutes,
      learningShareOfAgendaTime: ratio(learningMinutes, agendaMinutes),
      themeShareOfAgendaTime: ratio(themeMinutes, agendaMinutes),
      escalations: count('reflection.escalations'),
    },
    triangles,
  };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : (round(part / whole, 4) as number);
}

function round(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
