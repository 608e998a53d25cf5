import ICAL from 'ical.js';
import { buildCalendar } from './build-calendar';
import { CalendarEvent } from './calendar-event';
import { foldLine } from './ics-text';

function event(overrides: Partial<CalendarEvent>): CalendarEvent {
  return {
    uid: 'a@leerlus',
    sequence: 0,
    start: new Date('2026-03-24T09:00:00Z'),
    end: new Date('2026-03-24T10:30:00Z'),
    timeZone: 'Europe/Amsterdam',
    summary: 'Reflectie, beleid; uitvoering',
    updatedAt: new Date('2026-03-01T12:00:00Z'),
    ...overrides,
  };
}

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  const zone = new ICAL.Timezone(component.getFirstSubcomponent('vtimezone')!);
  ICAL.TimezoneService.register(zone, 'Europe/Amsterdam');
  return component;
}

describe('buildCalendar', () => {
  afterEach(() => ICAL.TimezoneService.reset());

  it('writes local times with TZID that map to the right instants across the DST change', () => {
    // The week of 29 March 2026: CET (+01:00) before Sunday 02:00, CEST (+02:00) after.
    const before = event({
      uid: 'before@leerlus',
      start: new Date('2026-03-27T09:00:00Z'),
      end: new Date('2026-03-27T10:00:00Z'),
    });
    const after = event({
      uid: 'after@leerlus',
      start: new Date('2026-03-31T08:00:00Z'),
      end: new Date('2026-03-31T09:00:00Z'),
    });
    const text = buildCalendar({ events: [before, after] });
    expect(text).toContain('DTSTART;TZID=Europe/Amsterdam:20260327T100000');
    expect(text).toContain('DTSTART;TZID=Europe/Amsterdam:20260331T100000');

    const events = parse(text)
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2026-03-27T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
    ]);
    expect(events.map((e) => e.startDate.zone.tzid)).toEqual(['Europe/Amsterdam', 'Europe/Amsterdam']);
  });

  // Both times read back by a client (ical.js) as instants, in UTC.
  const readBack = (text: string) =>
    parse(text)
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .map((e) => [e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()]);

  it('writes a time in the repeated autumn hour in UTC, so it reads back as its own instant', () => {
    // 25 October 2026: 02:15 CEST (00:15Z) and 02:15 CET (01:15Z) show the same wall time.
    const repeated = event({
      uid: 'repeated@leerlus',
      start: new Date('2026-10-25T00:15:00Z'),
      end: new Date('2026-10-25T01:15:00Z'),
    });
    // Starts in the repeated hour (02:30 CEST), ends after it (03:30 CET).
    const across = event({
      uid: 'across@leerlus',
      start: new Date('2026-10-25T00:30:00Z'),
      end: new Date('2026-10-25T02:30:00Z'),
    });
    const text = buildCalendar({ events: [repeated, across] });
    expect(text).toContain('DTSTART:20261025T001500Z');
    expect(text).toContain('DTEND:20261025T011500Z');
    expect(text).toContain('DTSTART:20261025T003000Z');
    expect(text).toContain('DTEND;TZID=Europe/Amsterdam:20261025T033000');
    expect(text).toContain('TZID:Europe/Amsterdam');
    expect(readBack(text)).toEqual([
      ['2026-10-25T00:15:00.000Z', '2026-10-25T01:15:00.000Z'],
      ['2026-10-25T00:30:00.000Z', '2026-10-25T02:30:00.000Z'],
    ]);
  });

  it('reads back a session across the spring gap as its own instants', () => {
    // 29 March 2026: 01:30 CET (00:30Z) to 03:30 CEST (01:30Z); 02:00–03:00 does not exist.
    const gap = event({ start: new Date('2026-03-29T00:30:00Z'), end: new Date('2026-03-29T01:30:00Z') });
    const text = buildCalendar({ events: [gap] });
    expect(text).toContain('DTSTART;TZID=Europe/Amsterdam:20260329T013000');
    expect(text).toContain('DTEND;TZID=Europe/Amsterdam:20260329T033000');
    expect(readBack(text)).toEqual([['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z']]);
  });

  it('has a VTIMEZONE with the Dutch offsets and change moments', () => {
    const text = buildCalendar({ events: [event({})] });
    const zone = parse(text).getFirstSubcomponent('vtimezone')!;
    const daylight = zone
      .getAllSubcomponents('daylight')
      .map((c) => [
        c.getFirstPropertyValue('dtstart')!.toString(),
        c.getFirstPropertyValue('tzoffsetfrom')!.toString(),
        c.getFirstPropertyValue('tzoffsetto')!.toString(),
      ]);
    const standard = zone
      .getAllSubcomponents('standard')
      .map((c) => [
        c.getFirstPropertyValue('dtstart')!.toString(),
        c.getFirstPropertyValue('tzoffsetfrom')!.toString(),
        c.getFirstPropertyValue('tzoffsetto')!.toString(),
      ]);
    expect(daylight).toContainEqual(['2026-03-29T02:00:00', '+01:00', '+02:00']);
    expect(standard).toContainEqual(['2026-10-25T03:00:00', '+02:00', '+01:00']);
    expect(standard).toContainEqual(['2025-10-26T03:00:00', '+02:00', '+01:00']);
  });

  it('escapes text, folds long lines and marks cancelled events, with a method', () => {
    const description = `1. Thema: "Regeldruk", wat nu?\n2. Incident; ${'héél lang '.repeat(20)}`;
    const text = buildCalendar({
      method: 'CANCEL',
      events: [
        event({
          cancelled: true,
          sequence: 3,
          description,
          location: 'Zaal 4, Den Haag',
          organizer: { name: 'Voorzitter, A.', email: 'chair@example.nl' },
        }),
      ],
    });
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = parse(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(3);
    expect(vevent.getFirstPropertyValue('description')).toBe(description);
    expect(vevent.getFirstPropertyValue('location')).toBe('Zaal 4, Den Haag');
    expect(vevent.getFirstPropertyValue('summary')).toBe('Reflectie, beleid; uitvoering');
    expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe('Voorzitter, A.');
  });

  it('writes a zone without daylight saving as one standard observance', () => {
    const text = buildCalendar({ events: [event({ timeZone: 'Asia/Tokyo' })] });
    expect(text).toContain('DTSTART;TZID=Asia/Tokyo:20260324T180000');
    expect(text).toContain('TZOFFSETTO:+0900');
    expect(text).not.toContain('BEGIN:DAYLIGHT');
  });

  it('never splits a multi-byte character when folding', () => {
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(100)}`);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'é'.repeat(100)}`);
  });
});
