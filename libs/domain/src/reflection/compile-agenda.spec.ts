import { PublicAttention } from '../incidents/public-attention';
import { Severity } from '../incidents/severity';
import { AgendaItemKind } from './agenda-item-kind';
import { AgendaCandidate, AgendaEntry, AgendaInput, compileAgenda } from './compile-agenda';

const day = (n: number) => new Date(Date.UTC(2026, 0, n));

function theme(id: string, lastDiscussedAt: Date | null = null): AgendaCandidate {
  return { type: 'theme', referenceId: id, title: `Thema ${id}`, lastDiscussedAt };
}

function incident(
  id: string,
  severity: Severity,
  extra: Partial<Extract<AgendaCandidate, { type: 'incident' }>> = {},
): AgendaCandidate {
  return {
    type: 'incident',
    referenceId: id,
    title: `Incident ${id}`,
    severity,
    publicAttention: PublicAttention.None,
    recurrence: false,
    occurredAt: day(1),
    confidential: false,
    ...extra,
  };
}

function entry(
  id: string,
  kind: AgendaItemKind,
  minutes: number,
  referenceId: string | null = null,
): AgendaEntry {
  return {
    id,
    kind,
    referenceId,
    title: `Item ${id}`,
    timeboxMinutes: minutes,
    learning: [AgendaItemKind.Theme, AgendaItemKind.Lesson, AgendaItemKind.BestPractice].includes(kind),
  };
}

function compile(input: Partial<AgendaInput>) {
  return compileAgenda({
    sessionMinutes: 90,
    protectedShare: 0.4,
    carriedOver: [],
    manual: [],
    candidates: [],
    ...input,
  });
}

const refs = (items: { referenceId: string | null }[]) => items.map((i) => i.referenceId);
const sum = (items: { timeboxMinutes: number }[]) => items.reduce((n, i) => n + i.timeboxMinutes, 0);

describe('compileAgenda', () => {
  it('keeps time for a hand-picked item before carried-over ones, after learning took theirs', () => {
    const agenda = compile({
      sessionMinutes: 60,
      protectedShare: 0.5,
      carriedOver: [entry('c1', AgendaItemKind.Incident, 15, 'i1')],
      manual: [entry('mine', AgendaItemKind.Custom, 15)],
      candidates: [theme('a'), theme('b')],
    });
    expect(agenda.items.map((i) => i.id ?? i.referenceId)).toContain('mine');
    expect(agenda.totalMinutes).toBeLessThanOrEqual(60);
    expect(agenda.learningMinutes).toBeGreaterThanOrEqual(30);
  });

  it("keeps a sent agenda's items whole, first and in their order, whatever the share; learning fills the rest", () => {
    const agenda = compile({
      sessionMinutes: 60,
      protectedShare: 0.9,
      kept: [
        entry('i2', AgendaItemKind.Incident, 15, 'i2'),
        entry('t1', AgendaItemKind.Theme, 20, 't1'),
        entry('i1', AgendaItemKind.Incident, 10, 'i1'),
      ],
      candidates: [theme('t1'), theme('t2'), incident('i3', Severity.Critical)],
    });
    expect(agenda.items.map((i) => [i.id ?? i.referenceId, i.position])).toEqual([
      ['i2', 1],
      ['t1', 2],
      ['i1', 3],
    ]);
    // 45 minutes kept, 15 left: the 20-minute theme t2 does not fit, and the new incident may not
    // take protected time: it waits for the next session.
    expect(agenda.totalMinutes).toBe(45);
    expect(refs(agenda.carriedOver)).toEqual(['i3']);
  });

  it('takes learning items carried over or picked by hand whatever the share', () => {
    const agenda = compile({
      sessionMinutes: 30,
      protectedShare: 0,
      carriedOver: [entry('old-theme', AgendaItemKind.Theme, 20, 'theme-old')],
      candidates: [incident('i1', Severity.Critical), incident('i2', Severity.Critical)],
    });
    expect(agenda.items.map((i) => i.referenceId)).toEqual(['theme-old']);
    expect(agenda.carriedOver.map((e) => e.referenceId)).toEqual(['i1', 'i2']);
  });

  it("reaches the protected share without pushing out a lead's hand-picked item", () => {
    const picked = [
      entry('own-theme', AgendaItemKind.Theme, 10, 'theme-own'),
      entry('budget', AgendaItemKind.Custom, 10),
    ];
    // A 30-minute session, 15 protected: the register's 20-minute theme would leave no room for
    // the hand-picked custom item, so it stays off, and the lead's agenda stands.
    const alone = compile({
      sessionMinutes: 30,
      protectedShare: 0.5,
      manual: picked,
      candidates: [theme('t1')],
    });
    expect(alone.items.map((i) => i.id)).toEqual(['own-theme', 'budget']);
    expect(alone.carriedOver).toEqual([]);
    // A 10-minute learning item fits beside it and reaches the share.
    const lesson: AgendaCandidate = {
      type: 'lesson-validation',
      referenceId: 'l1',
      title: 'Les',
      since: day(1),
    };
    const withLesson = compile({
      sessionMinutes: 30,
      protectedShare: 0.5,
      manual: picked,
      candidates: [theme('t1'), lesson],
    });
    expect(refs(withLesson.items)).toEqual(['theme-own', 'l1', null]);
    expect(withLesson.learningMinutes).toBe(20);
    // Carried-over incidents are pressure: the share still goes to learning before them.
    const carried = [1, 2].map((n) => entry(`c${n}`, AgendaItemKind.Incident, 15, `i${n}`));
    const pressed = compile({
      sessionMinutes: 30,
      protectedShare: 0.5,
      carriedOver: carried,
      candidates: [theme('t1')],
    });
    expect(pressed.learningMinutes).toBe(20);
    expect(pressed.carriedOver.map((e) => e.id)).toEqual(['c1', 'c2']);
  });

  it('gives an empty agenda when there is nothing to discuss', () => {
    expect(compile({})).toEqual({
      items: [],
      carriedOver: [],
      totalMinutes: 0,
      learningMinutes: 0,
      protectedMinutes: 36,
    });
  });

  it('never takes the protected share for a flood of critical incidents', () => {
    const flood = Array.from({ length: 30 }, (_, i) =>
      incident(`i${String(i).padStart(2, '0')}`, Severity.Critical, {
        publicAttention: PublicAttention.Parliamentary,
      }),
    );
    const agenda = compile({ candidates: [...flood, theme('t1'), theme('t2'), theme('t3')] });
    expect(agenda.protectedMinutes).toBe(36);
    expect(agenda.learningMinutes).toBeGreaterThanOrEqual(36);
    expect(agenda.totalMinutes).toBeLessThanOrEqual(90);
    const incidents = agenda.items.filter((i) => i.kind === AgendaItemKind.Incident);
    expect(sum(incidents)).toBeLessThanOrEqual(90 - 36);
    expect(incidents).toHaveLength(3); // 3 × 15 = 45 of the 54 minutes left
    // Every incident that did not fit waits for the next session.
    expect(agenda.carriedOver).toHaveLength(27);
    expect(agenda.carriedOver.every((i) => i.kind === AgendaItemKind.Incident)).toBe(true);
  });

  it('keeps unfilled protected time free rather than giving it to incidents', () => {
    const flood = Array.from({ length: 10 }, (_, i) => incident(`i${i}`, Severity.High));
    const agenda = compile({ sessionMinutes: 60, protectedShare: 0.5, candidates: flood });
    expect(agenda.learningMinutes).toBe(0);
    expect(agenda.totalMinutes).toBe(30);
  });

  it('lets learning items use time nothing else claims', () => {
    const agenda = compile({
      candidates: [theme('t1'), theme('t2'), theme('t3'), theme('t4'), theme('t5')],
    });
    expect(agenda.items).toHaveLength(4); // 4 × 20 = 80 of 90 minutes
    expect(agenda.learningMinutes).toBe(80);
    expect(agenda.carriedOver).toEqual([]); // themes come back from the register by themselves
  });

  it('keeps timeboxes within the session', () => {
    const agenda = compile({
      sessionMinutes: 45,
      manual: [entry('m1', AgendaItemKind.Custom, 30), entry('m2', AgendaItemKind.Custom, 30)],
      candidates: [theme('t1'), incident('i1', Severity.Low)],
    });
    expect(agenda.totalMinutes).toBeLessThanOrEqual(45);
    expect(sum(agenda.items)).toBe(agenda.totalMinutes);
    // 18 protected minutes: the 20-minute theme fits; 25 minutes remain for the rest.
    expect(agenda.items.map((i) => i.id ?? i.referenceId)).toEqual(['t1', 'i1']);
    expect(agenda.carriedOver.map((i) => i.id)).toEqual(['m1', 'm2']);
  });

  it('puts themes least recently discussed first, never discussed before all', () => {
    const agenda = compile({
      sessionMinutes: 200,
      protectedShare: 1,
      candidates: [theme('recent', day(20)), theme('old', day(2)), theme('never'), theme('middle', day(10))],
    });
    expect(refs(agenda.items)).toEqual(['never', 'old', 'middle', 'recent']);
  });

  it('rotates the learning sources so that themes do not crowd out lessons and best practices', () => {
    const agenda = compile({
      sessionMinutes: 70,
      protectedShare: 1,
      candidates: [
        theme('t1'),
        theme('t2'),
        { type: 'lesson-validation', referenceId: 'l-new', title: 'Nieuw', since: day(9) },
        { type: 'lesson-validation', referenceId: 'l-old', title: 'Oud', since: day(3) },
        { type: 'best-practice-endorsement', referenceId: 'bp', title: 'Praktijk', since: day(4) },
        { type: 'lesson-recheck', referenceId: 'rc', title: 'Beklijft', recheckAt: day(5) },
      ],
    });
    expect(refs(agenda.items)).toEqual(['t1', 'l-old', 'bp', 'rc', 't2']);
    expect(agenda.carriedOver).toEqual([]); // l-new is still a draft next time
    expect(agenda.items.map((i) => i.title)).toEqual([
      'Thema t1',
      'Les ter validatie: Oud',
      'Goede praktijk ter bekrachtiging: Praktijk',
      'Herijking les (beklijft het?): Beklijft',
      'Thema t2',
    ]);
    expect(agenda.items.every((i) => i.learning)).toBe(true);
    expect(agenda.items.map((i) => i.kind)).toEqual([
      AgendaItemKind.Theme,
      AgendaItemKind.Lesson,
      AgendaItemKind.BestPractice,
      AgendaItemKind.Lesson,
      AgendaItemKind.Theme,
    ]);
  });

  it('ranks incidents by severity, public attention, recurrence and then date', () => {
    const agenda = compile({
      sessionMinutes: 200,
      protectedShare: 0,
      candidates: [
        incident('low', Severity.Low),
        incident('high-media', Severity.High, { publicAttention: PublicAttention.National }),
        incident('high-later', Severity.High, { occurredAt: day(9) }),
        incident('high-recurring-later', Severity.High, { recurrence: true, occurredAt: day(9) }),
        incident('high-earlier', Severity.High, { occurredAt: day(2) }),
        incident('critical', Severity.Critical),
        incident('high-parliament', Severity.High, { publicAttention: PublicAttention.Parliamentary }),
      ],
    });
    expect(refs(agenda.items)).toEqual([
      'critical',
      'high-parliament',
      'high-media',
      'high-recurring-later',
      'high-earlier',
      'high-later',
      'low',
    ]);
    expect(agenda.items.map((i) => i.timeboxMinutes)).toEqual([15, 10, 10, 10, 10, 10, 5]);
  });

  it('hides the title of a confidential incident', () => {
    const agenda = compile({
      candidates: [incident('c', Severity.High, { confidential: true, title: 'Datalek bij Jansen' })],
    });
    expect(agenda.items[0].title).toBe('Vertrouwelijk incident (high)');
    expect(JSON.stringify(agenda)).not.toContain('Jansen');
  });

  it('adds one review of overdue actions, after the incidents, before incidents claim the time', () => {
    const agenda = compile({
      sessionMinutes: 60,
      protectedShare: 0.5,
      candidates: [
        incident('a', Severity.Critical),
        incident('b', Severity.Critical),
        { type: 'overdue-actions', count: 3 },
        { type: 'overdue-actions', count: 2 },
      ],
    });
    // 30 minutes for non-learning items: the review (10) and one critical incident (15).
    expect(agenda.items.map((i) => i.title)).toEqual(['Incident a', 'Verlopen acties bespreken (5)']);
    expect(agenda.items[1]).toEqual(
      expect.objectContaining({ kind: AgendaItemKind.ActionReview, referenceId: null, position: 2 }),
    );
    expect(refs(agenda.carriedOver)).toEqual(['b']);
  });

  it('puts carried-over items first and hand-picked items before candidates', () => {
    const agenda = compile({
      carriedOver: [
        entry('c1', AgendaItemKind.Incident, 10, 'old-incident'),
        entry('c2', AgendaItemKind.Theme, 20, 'tc'),
      ],
      manual: [entry('m1', AgendaItemKind.Custom, 5), entry('m2', AgendaItemKind.Lesson, 10, 'lm')],
      candidates: [theme('t1'), incident('new', Severity.Critical)],
    });
    expect(agenda.items.map((i) => i.id ?? i.referenceId)).toEqual(['c1', 'c2', 'm2', 't1', 'm1', 'new']);
    expect(agenda.items.map((i) => i.position)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('does not list a subject twice', () => {
    const agenda = compile({
      carriedOver: [entry('c1', AgendaItemKind.Incident, 10, 'i1')],
      manual: [entry('m1', AgendaItemKind.Theme, 15, 't1'), entry('m2', AgendaItemKind.ActionReview, 5)],
      candidates: [theme('t1'), incident('i1', Severity.High), { type: 'overdue-actions', count: 4 }],
    });
    expect(agenda.items.map((i) => i.id ?? 'new')).toEqual(['c1', 'm1', 'm2']);
  });

  it('lets carried-over incidents wait again when the non-protected time is full', () => {
    const agenda = compile({
      sessionMinutes: 30,
      protectedShare: 0.5,
      carriedOver: [
        entry('c1', AgendaItemKind.Incident, 10, 'x'),
        entry('c2', AgendaItemKind.Incident, 10, 'y'),
      ],
      candidates: [theme('t1'), incident('z', Severity.Critical)],
    });
    // 15 protected minutes: the theme (20) takes them; 10 left for one carried incident.
    expect(agenda.items.map((i) => i.id ?? i.referenceId)).toEqual(['c1', 't1']);
    expect(agenda.carriedOver.map((i) => i.id ?? i.referenceId)).toEqual(['c2', 'z']);
  });

  it('reaches the share with the smallest learning item that does, where it takes carried-over time', () => {
    const agenda = compile({
      sessionMinutes: 30,
      protectedShare: 0.5,
      carriedOver: [
        entry('c1', AgendaItemKind.Incident, 15, 'x'),
        entry('c2', AgendaItemKind.Incident, 10, 'y'),
      ],
      candidates: [
        theme('t1'),
        { type: 'lesson-validation', referenceId: 'l1', title: 'Les', since: day(1) },
        { type: 'best-practice-endorsement', referenceId: 'p1', title: 'Praktijk', since: day(1) },
      ],
    });
    // 15 protected minutes: the lesson (10) fits beside the carried incident; 5 short, the best
    // practice (10) reaches the share. The theme (20) would have taken every carried minute.
    expect(agenda.learningMinutes).toBe(20);
    expect(agenda.items.map((i) => i.id ?? i.referenceId)).toEqual(['c2', 'l1', 'p1']);
    expect(agenda.carriedOver.map((i) => i.id ?? i.referenceId)).toEqual(['c1']);
  });

  it('handles the extremes of the protected share', () => {
    const candidates = [theme('t1'), incident('i1', Severity.High)];
    const none = compile({ sessionMinutes: 20, protectedShare: 0, candidates });
    expect(refs(none.items)).toEqual(['i1']);
    expect(none.protectedMinutes).toBe(0);
    const all = compile({ sessionMinutes: 30, protectedShare: 1, candidates });
    expect(refs(all.items)).toEqual(['t1']);
    expect(refs(all.carriedOver)).toEqual(['i1']);
  });

  it('rounds the protected minutes up without floating-point surprises', () => {
    expect(compile({ sessionMinutes: 90, protectedShare: 0.4 }).protectedMinutes).toBe(36);
    expect(compile({ sessionMinutes: 45, protectedShare: 0.333 }).protectedMinutes).toBe(15);
    expect(compile({ sessionMinutes: 50, protectedShare: 0.25 }).protectedMinutes).toBe(13);
  });

  it('shortens a very long title to the 300 characters an item may have', () => {
    const agenda = compile({
      candidates: [{ type: 'lesson-validation', referenceId: 'l', title: 'x'.repeat(300), since: day(1) }],
    });
    expect(agenda.items[0].title).toHaveLength(300);
  });

  it('is deterministic and does not change its input', () => {
    const input: AgendaInput = {
      sessionMinutes: 60,
      protectedShare: 0.4,
      carriedOver: [entry('c1', AgendaItemKind.Incident, 10, 'x')],
      manual: [],
      candidates: [theme('b'), theme('a'), incident('i', Severity.Medium)],
    };
    const copy = structuredClone(input);
    expect(compileAgenda(input)).toEqual(compileAgenda(input));
    expect(input).toEqual(copy);
  });
});
