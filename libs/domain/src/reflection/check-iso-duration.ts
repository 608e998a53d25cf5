import { Duration } from 'luxon';

/** An ISO 8601 duration as written: a T only before hours, minutes or seconds. */
const ISO_DURATION = /^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * A fraction of a unit larger than seconds (`PT1.5H`, or with ISO 8601's decimal comma `PT1,5H`):
 * ISO 8601 allows it, stored offsets do not.
 */
const FRACTION = /\d[.,]\d+[YMWDH]|T.*\d[.,]\d+M/;

/** The same duration in whole units, for the error message (`PT1.5H` → `PT1H30M`). */
function inWholeUnits(value: string, duration: Duration): string {
  const whole = duration.shiftTo('days', 'hours', 'minutes', 'seconds');
  const ok = whole.isValid && Object.values(whole.toObject()).every((part) => Number.isInteger(part));
  const hint = ok ? whole.toISO() : 'such as PT90M for PT1.5H';
  return `"${value}" has a fraction of a unit: write it in whole units, ${hint}`;
}

/** The longest agenda lead time or reminder offset: 60 days. */
export const MAX_OFFSET_DAYS = 60;

/**
 * Why an ISO 8601 duration (`P3D`, `PT1H`, `PT5M`) is not acceptable as a lead time or reminder
 * offset, or null when it is: it must parse, be positive (at least `least`, when given) and be at
 * most 60 days.
 */
export function checkIsoDuration(value: unknown, least?: { minutes: number; why: string }): string | null {
  if (typeof value !== 'string' || value.length > 40)
    return 'must be an ISO 8601 duration such as P3D or PT1H';
  const fraction = FRACTION.test(value);
  // luxon reads a decimal point only; the comma is ISO 8601's own decimal sign.
  const duration = Duration.fromISO(fraction ? value.replace(',', '.') : value);
  const notDuration = `"${value}" is not an ISO 8601 duration such as P3D, PT1H or PT5M`;
  if (!duration.isValid) return notDuration;
  if (Object.values(duration.toObject()).some((part) => part < 0)) return 'must not be negative';
  // luxon also takes a T with no time after it (P1DT).
  if (!fraction && !ISO_DURATION.test(value)) return notDuration;
  // Its length first: a hint to write it otherwise is no use for a value refused anyway.
  const days = duration.as('days');
  if (!(days > 0)) return 'must be longer than zero';
  if (least && duration.as('minutes') < least.minutes)
    return `must be at least ${least.minutes} minutes: ${least.why}`;
  if (days > MAX_OFFSET_DAYS) return `must be at most ${MAX_OFFSET_DAYS} days`;
  return fraction ? inWholeUnits(value, duration) : null;
}
