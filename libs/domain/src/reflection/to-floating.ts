import { DateTime } from 'luxon';

/** The wall-clock components of an instant in a zone, written as if they were UTC. */
export function toFloating(instant: Date, zone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}
