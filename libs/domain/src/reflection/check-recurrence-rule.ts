import { setPositionBeyondReach } from './set-position-beyond-reach';

/**
 * A recurrence rule that passed the checks, normalised: upper case, no `RRULE:` prefix, numbers
 * without sign or leading zeros (`BYDAY=+01MO` is `BYDAY=1MO`), so one rule is stored one way.
 */
export type RecurrenceRuleCheck = { ok: true; rule: string } | { ok: false; reason: string };

const DAY = '(MO|TU|WE|TH|FR|SA|SU)';
/** RFC 5545 weekdaynum, `[[plus / minus] ordwk] weekday`: a sign only with an ordinal. */
const WEEKDAY_NUM = new RegExp(`^([+-]?\\d{1,2})?${DAY}$`);
const signed = (max: number) => (value: string) =>
  value.split(',').every((part) => {
    const n = Number(part);
    return /^[+-]?\d{1,3}$/.test(part) && n !== 0 && Math.abs(n) <= max;
  });

/** What each allowed part may hold; BYHOUR/BYMINUTE/BYSECOND would break the kept wall-clock time. */
const PARTS: Record<string, { check: (value: string) => boolean; expected: string }> = {
  FREQ: { check: (v) => /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/.test(v), expected: '' },
  INTERVAL: { check: (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1, expected: 'a whole number 1–999' },
  COUNT: { check: (v) => /^\d{1,4}$/.test(v) && Number(v) >= 1, expected: 'a whole number 1–9999' },
  UNTIL: {
    // RFC 5545: with a DTSTART in a time zone (the series'), a date-time UNTIL is in UTC.
    check: (v) => /^\d{8}(T\d{6}Z)?$/.test(v) && validUntil(v),
    expected: 'a date YYYYMMDD or a UTC date-time YYYYMMDDTHHMMSSZ',
  },
  BYDAY: {
    check: bydayValid,
    expected: 'days like MO,TU or 1TU,-1FR, each once',
  },
  BYMONTHDAY: { check: signed(31), expected: 'days of the month ±1–31' },
  BYMONTH: {
    check: (v) => v.split(',').every((p) => /^\d{1,2}$/.test(p) && Number(p) >= 1 && Number(p) <= 12),
    expected: 'months 1–12',
  },
  BYYEARDAY: { check: signed(366), expected: 'days of the year ±1–366' },
  BYWEEKNO: { check: signed(53), expected: 'weeks ±1–53' },
  BYSETPOS: { check: signed(366), expected: 'positions ±1–366' },
  WKST: { check: (v) => new RegExp(`^${DAY}$`).test(v), expected: 'a day like MO' },
};

/** The parts that hold numbers (UNTIL holds a date). */
const NUMBERS = ['INTERVAL', 'COUNT', 'BYMONTH', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS'];

const TOO_FREQUENT = ['HOURLY', 'MINUTELY', 'SECONDLY'];

/**
 * Checks an RFC 5545 RRULE strictly (the `rrule` package itself accepts nonsense such as
 * `INTERVAL=abc`): known parts only, each once, valid values, FREQ at most daily, no DTSTART.
 */
export function checkRecurrenceRule(input: string): RecurrenceRuleCheck {
  const text = input
    .trim()
    .toUpperCase()
    .replace(/^RRULE:/, '');
  if (text.length === 0) return { ok: false, reason: 'must not be empty' };
  if (/[\r\n]/.test(text)) return { ok: false, reason: 'must be one RRULE line, without DTSTART' };
  const seen = new Map<string, string>();
  for (const part of text.split(';')) {
    const match = /^([A-Z]+)=(.+)$/.exec(part);
    if (!match) return { ok: false, reason: `"${part}" is not a KEY=VALUE part` };
    const [, key, value] = match;
    if (key === 'DTSTART' || key === 'TZID')
      return { ok: false, reason: `must not contain ${key}: use firstStart and timeZone` };
    if (['BYHOUR', 'BYMINUTE', 'BYSECOND'].includes(key))
      return { ok: false, reason: `${key} is not supported: the time of day comes from firstStart` };
    const spec = PARTS[key];
    if (!spec) return { ok: false, reason: `unknown part ${key}` };
    if (seen.has(key)) return { ok: false, reason: `${key} appears more than once` };
    if (key === 'FREQ' && TOO_FREQUENT.includes(value))
      return { ok: false, reason: `FREQ=${value} is too frequent: use DAILY, WEEKLY, MONTHLY or YEARLY` };
    if (!spec.check(value))
      return {
        ok: false,
        reason: key === 'FREQ' ? `FREQ=${value} is not a frequency` : `${key} must be ${spec.expected}`,
      };
    seen.set(key, canonical(key, value));
  }
  const freq = seen.get('FREQ');
  if (!freq) return { ok: false, reason: 'FREQ is required' };
  if (seen.has('COUNT') && seen.has('UNTIL'))
    return { ok: false, reason: 'COUNT and UNTIL exclude each other' };
  if (seen.has('BYWEEKNO') && freq !== 'YEARLY') return { ok: false, reason: 'BYWEEKNO needs FREQ=YEARLY' };
  const byday = seen.get('BYDAY');
  if (byday && /\d/.test(byday) && !['MONTHLY', 'YEARLY'].includes(freq))
    return { ok: false, reason: 'numbered BYDAY (like 1TU) needs FREQ=MONTHLY or YEARLY' };
  // The rrule package reads TU,1MO as days that are both (none) instead of either: refused, not misread.
  if (byday && /\d/.test(byday) && byday.split(',').some((day) => !/\d/.test(day)))
    return { ok: false, reason: 'BYDAY mixes plain and numbered days (like TU,1MO): use one kind' };
  if (seen.has('BYMONTHDAY') && freq === 'WEEKLY')
    return { ok: false, reason: 'BYMONTHDAY cannot be used with FREQ=WEEKLY' };
  // RFC 5545 §3.3.10 forbids these; the rrule package reads them some way of its own.
  if (seen.has('BYYEARDAY') && freq !== 'YEARLY') return { ok: false, reason: 'BYYEARDAY needs FREQ=YEARLY' };
  if (byday && /\d/.test(byday) && seen.has('BYWEEKNO'))
    return { ok: false, reason: 'numbered BYDAY (like 1TU) cannot be used with BYWEEKNO' };
  if (seen.has('BYSETPOS') && ![...seen.keys()].some((key) => key.startsWith('BY') && key !== 'BYSETPOS'))
    return { ok: false, reason: 'BYSETPOS needs another BY part (like BYDAY) to pick from' };
  const rule = [...seen.entries()].map(([key, value]) => `${key}=${value}`).join(';');
  const beyond = setPositionBeyondReach(rule);
  if (beyond) return { ok: false, reason: beyond };
  return { ok: true, rule };
}

/** `value` of part `key` as it is stored: the same days or numbers, each written one way. */
function canonical(key: string, value: string): string {
  if (key === 'BYDAY')
    return value
      .split(',')
      .map((part) => {
        const [, ordinal, day] = WEEKDAY_NUM.exec(part) as RegExpExecArray;
        return `${ordinal === undefined ? '' : Number(ordinal)}${day}`;
      })
      .join(',');
  if (NUMBERS.includes(key))
    return value
      .split(',')
      .map((part) => String(Number(part)))
      .join(',');
  return value;
}

/** Each a weekdaynum with an ordinal 1–53, each day named once: 1MO, +1MO and 01MO are one day. */
function bydayValid(value: string): boolean {
  const named = new Set<string>();
  return value.split(',').every((part) => {
    const match = WEEKDAY_NUM.exec(part);
    if (!match) return false;
    const [, ordinal, day] = match;
    if (ordinal !== undefined && (Number(ordinal) === 0 || Math.abs(Number(ordinal)) > 53)) return false;
    const key = `${ordinal === undefined ? '' : Number(ordinal)}${day}`;
    if (named.has(key)) return false;
    named.add(key);
    return true;
  });
}

function validUntil(value: string): boolean {
  const [y, m, d] = [Number(value.slice(0, 4)), Number(value.slice(4, 6)), Number(value.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  if (value.length === 8) return true;
  const [hh, mm, ss] = [Number(value.slice(9, 11)), Number(value.slice(11, 13)), Number(value.slice(13, 15))];
  return hh < 24 && mm < 60 && ss < 60;
}
