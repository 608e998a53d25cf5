import { assembleQuarterFigures } from './assemble-quarter-figures';
import { Quarter } from './quarter';

const q1 = Quarter.of(2027, 1);

describe('assembleQuarterFigures', () => {
  it('carries every enum value with 0 and null ratios when nothing was counted', () => {
    const figures = assembleQuarterFigures(q1, [], []);
    expect(figures.incidents.bySource).toEqual({
      complaint: 0,
      staff: 0,
      partner: 0,
      ombudsman: 0,
      inspection: 0,
      'parliamentary-question': 0,
      media: 0,
      other: 0,
    });
    expect(figures.incidents.byCauseLevel.unknown).toBe(0);
    expect(figures.actions.byAddressedRole.unknown).toBe(0);
    expect(figures.learning).toEqual({
      incidentsWithLesson: 0,
      incidentsWithValidatedLesson: 0,
      incidentsWithEmbeddedLesson: 0,
      learningRate: null,
      medianDaysToValidatedLesson: null,
      p90DaysToValidatedLesson: null,
      incidentsWithLessonByPublicAttention: { none: 0, local: 0, national: 0, parliamentary: 0 },
      incidentsWithValidatedLessonByPublicAttention: { none: 0, local: 0, national: 0, parliamentary: 0 },
    });
    expect(figures.reflection.protectedTimeRatio).toBeNull();
    expect(figures.reflection.learningShareOfAgendaTime).toBeNull();
    expect(figures.reflection.themeShareOfAgendaTime).toBeNull();
    expect([figures.startsAt, figures.endsAt, figures.lastDay]).toEqual([
      '2027-01-01T00:00:00+01:00',
      '2027-04-01T00:00:00+02:00',
      '2027-03-31',
    ]);
  });

  it('derives totals from breakdowns, adds rows of the same figure and rounds ratios and days', () => {
    const row = (figure: string, dimension: string | null, value: number | null) => ({
      n: 0,
      figure,
      dimension,
      value,
    });
    const figures = assembleQuarterFigures(
      q1,
      [
        row('incidents.bySeverity', 'low', 1),
        row('incidents.bySeverity', 'critical', 2),
        row('learning.incidentsWithLesson', null, 1),
        row('learning.medianDaysToValidatedLesson', null, 12.345678),
        row('learning.p90DaysToValidatedLesson', null, null),
        row('lessons.byAddressedRole', 'owner', 2),
        row('lessons.byAddressedRole', 'all', 1),
        row('actions.overdueAtQuarterEnd', null, 2),
        row('actions.overdueAtQuarterEnd', null, 3),
        row('reflection.byStatus', 'held', 2),
        row('reflection.byStatus', 'planned', 1),
        row('reflection.byStatus', 'agenda-sent', 1),
        row('reflection.byStatus', 'postponed', 2),
        row('reflection.agendaMinutes', null, 90),
        row('reflection.learningMinutes', null, 60),
        row('reflection.themeMinutes', null, 20),
      ],
      [],
    );
    expect(figures.incidents.total).toBe(3);
    expect(figures.learning.learningRate).toBe(0.3333);
    expect(figures.learning.medianDaysToValidatedLesson).toBe(12.35);
    expect(figures.learning.p90DaysToValidatedLesson).toBeNull();
    expect(figures.lessons.drawn).toBe(3);
    expect(figures.actions.overdueAtQuarterEnd).toBe(5);
    expect(figures.reflection).toMatchObject({
      planned: 6,
      held: 2,
      postponed: 2,
      cancelled: 0,
      protectedTimeRatio: 0.3333,
      agendaMinutes: 90,
      learningMinutes: 60,
      themeMinutes: 20,
      learningShareOfAgendaTime: 0.6667,
      themeShareOfAgendaTime: 0.2222,
    });
  });
});
