import { Duration } from 'luxon';

/**
 * What makes two reminder offsets the same: their length (`P1D`, `PT24H` and `PT1440M` are one
 * offset, which would remind everyone three times at once), or the text of one that is no duration.
 */
export function offsetLength(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const duration = Duration.fromISO(value);
  return duration.isValid ? duration.as('milliseconds') : value;
}
