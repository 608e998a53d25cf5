import { checkIsoDuration } from './check-iso-duration';
import { checkRecurrenceRule } from './check-recurrence-rule';

describe('checkRecurrenceRule', () => {
  it.each([
    ['FREQ=MONTHLY;BYDAY=1TU', 'FREQ=MONTHLY;BYDAY=1TU'],
    ['rrule:freq=weekly;byday=mo,we', 'FREQ=WEEKLY;BYDAY=MO,WE'],
    ['FREQ=DAILY;COUNT=10', 'FREQ=DAILY;COUNT=10'],
    ['FREQ=WEEKLY;INTERVAL=2;UNTIL=20271231T230000Z', 'FREQ=WEEKLY;INTERVAL=2;UNTIL=20271231T230000Z'],
    ['FREQ=MONTHLY;BYDAY=-1FR', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1'],
    ['FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=15', 'FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=15'],
    ['FREQ=YEARLY;BYWEEKNO=10;BYDAY=TU;WKST=MO', 'FREQ=YEARLY;BYWEEKNO=10;BYDAY=TU;WKST=MO'],
    ['FREQ=YEARLY;BYYEARDAY=100', 'FREQ=YEARLY;BYYEARDAY=100'],
    // RFC 5545 weekdaynum: a sign with an ordinal, an ordinal of one or two digits up to 53; each
    // number is stored one way, so the same rule sent again changes nothing.
    ['FREQ=MONTHLY;BYDAY=+1MO,-1FR', 'FREQ=MONTHLY;BYDAY=1MO,-1FR'],
    ['FREQ=YEARLY;BYDAY=53MO,-53SU,01TU', 'FREQ=YEARLY;BYDAY=53MO,-53SU,1TU'],
    ['FREQ=YEARLY;BYMONTH=03,9;BYMONTHDAY=+015', 'FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=15'],
    [
      'FREQ=MONTHLY;INTERVAL=02;COUNT=010;BYDAY=MO,FR;BYSETPOS=-01',
      'FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=MO,FR;BYSETPOS=-1',
    ],
    ['FREQ=DAILY;UNTIL=20271231', 'FREQ=DAILY;UNTIL=20271231'],
    ['FREQ=MONTHLY;BYDAY=1MO,-1MO', 'FREQ=MONTHLY;BYDAY=1MO,-1MO'],
  ])('accepts %s', (input, normalised) => {
    expect(checkRecurrenceRule(input)).toEqual({ ok: true, rule: normalised });
  });

  it.each([
    ['', /empty/],
    ['FREQ=HOURLY', /too frequent/],
    ['FREQ=MINUTELY;INTERVAL=30', /too frequent/],
    ['FREQ=SOMETIMES', /not a frequency/],
    ['BYDAY=MO', /FREQ is required/],
    ['FREQ=WEEKLY;FREQ=DAILY', /more than once/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY/],
    ['FREQ=WEEKLY;INTERVAL=abc', /INTERVAL/],
    ['FREQ=WEEKLY;INTERVAL=0', /INTERVAL/],
    ['FREQ=DAILY;COUNT=x', /COUNT/],
    ['FREQ=DAILY;COUNT=3;UNTIL=20270101', /exclude each other/],
    ['FREQ=DAILY;UNTIL=20270230', /UNTIL/],
    ['FREQ=DAILY;UNTIL=tomorrow', /UNTIL/],
    // A date-time UNTIL is UTC (RFC 5545), and a day is named once.
    ['FREQ=WEEKLY;UNTIL=20270301T100000', /UNTIL must be a date YYYYMMDD or a UTC date-time/],
    ['FREQ=WEEKLY;BYDAY=MO,MO', /BYDAY must be days like MO,TU or 1TU,-1FR, each once/],
    // The same day written two ways is named twice; a sign needs an ordinal (the rrule package
    // throws on +MO, which must not reach it).
    ['FREQ=MONTHLY;BYDAY=1MO,+1MO', /BYDAY must be days like MO,TU or 1TU,-1FR, each once/],
    ['FREQ=MONTHLY;BYDAY=01MO,1MO', /BYDAY must be days like MO,TU or 1TU,-1FR, each once/],
    ['FREQ=MONTHLY;BYDAY=-01FR,-1FR', /BYDAY must be days like MO,TU or 1TU,-1FR, each once/],
    ['FREQ=WEEKLY;BYDAY=+MO', /BYDAY must be days like MO,TU or 1TU,-1FR, each once/],
    ['FREQ=WEEKLY;BYDAY=MO,-MO', /BYDAY must be days like MO,TU or 1TU,-1FR, each once/],
    ['FREQ=MONTHLY;BYDAY=0MO', /BYDAY must be days/],
    ['FREQ=YEARLY;BYDAY=54MO', /BYDAY must be days/],
    ['FREQ=YEARLY;BYDAY=-54MO', /BYDAY must be days/],
    ['FREQ=YEARLY;BYDAY=100MO', /BYDAY must be days/],
    ['FREQ=WEEKLY;BYDAY=MO,,TU', /BYDAY must be days/],
    ['FREQ=MONTHLY;BYDAY=TU,1MO', /mixes plain and numbered days/],
    ['FREQ=MONTHLY;BYDAY=MO,1MO', /mixes plain and numbered days/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY/],
    ['FREQ=MONTHLY;BYMONTHDAY=0', /BYMONTHDAY/],
    ['FREQ=YEARLY;BYMONTH=13', /BYMONTH/],
    ['FREQ=WEEKLY;BYDAY=1MO', /numbered BYDAY/],
    ['FREQ=MONTHLY;BYWEEKNO=3', /BYWEEKNO/],
    // RFC 5545 §3.3.10: BYYEARDAY only yearly, BYSETPOS with another BY part, no numbered BYDAY with BYWEEKNO.
    ['FREQ=WEEKLY;BYYEARDAY=100', /BYYEARDAY needs FREQ=YEARLY/],
    ['FREQ=DAILY;BYYEARDAY=100', /BYYEARDAY needs FREQ=YEARLY/],
    ['FREQ=MONTHLY;BYYEARDAY=100', /BYYEARDAY needs FREQ=YEARLY/],
    ['FREQ=WEEKLY;BYSETPOS=1', /BYSETPOS needs another BY part/],
    ['FREQ=DAILY;BYSETPOS=1', /BYSETPOS needs another BY part/],
    ['FREQ=YEARLY;BYWEEKNO=10;BYDAY=1TU', /cannot be used with BYWEEKNO/],
    ['FREQ=DAILY;BYHOUR=9', /BYHOUR is not supported/],
    ['FREQ=DAILY;TZID=Europe/Amsterdam', /TZID/],
    ['DTSTART:20260101T100000Z\nRRULE:FREQ=DAILY', /one RRULE line/],
    ['FREQ=DAILY;DTSTART=20260101T100000Z', /DTSTART/],
    ['FREQ=DAILY;FOO=1', /unknown part FOO/],
    ['FREQ=DAILY;', /KEY=VALUE/],
  ])('refuses %j', (input, reason) => {
    const result = checkRecurrenceRule(input);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(reason);
  });
});

describe('checkIsoDuration', () => {
  it.each(['P3D', 'PT1H', 'PT5M', 'P1W', 'P1DT12H', 'P60D', 'P2M', 'PT90M'])('accepts %s', (value) => {
    expect(checkIsoDuration(value)).toBeNull();
  });

  it.each([
    ['3 days', /not an ISO 8601 duration/],
    ['P', /longer than zero/],
    ['P1DT', /not an ISO 8601 duration/],
    ['PT', /not an ISO 8601 duration/],
    ['P1H', /not an ISO 8601 duration/],
    ['P0D', /longer than zero/],
    ['PT0M', /longer than zero/],
    ['P-1D', /negative/],
    ['P61D', /at most 60 days/],
    ['P1Y', /at most 60 days/],
    ['PT1.5H', /^"PT1.5H" has a fraction of a unit: write it in whole units, PT1H30M$/],
    ['P1.5D', /whole units, P1DT12H$/],
    ['PT2.5M', /whole units, PT2M30S$/],
    ['PT1,5H', /^"PT1,5H" has a fraction of a unit: write it in whole units, PT1H30M$/],
    // Its length is told first: no hint to write otherwise what is refused anyway.
    ['PT0.0H', /longer than zero/],
    ['P1.5Y', /at most 60 days/],
    ['PT1.5', /not an ISO 8601 duration/],
    [3, /ISO 8601 duration/],
    [null, /ISO 8601 duration/],
  ])('refuses %j', (value, reason) => {
    expect(checkIsoDuration(value)).toMatch(reason);
  });
});
