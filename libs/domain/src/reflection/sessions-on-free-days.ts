import { DateTime } from 'luxon';
import { PlannedSession } from './plan-sessions';

/**
 * The planned sessions that do not land on a day the series already meets. `takenDays` are the
 * local dates (series' zone) of sessions that stay whatever the rule says: held, cancelled,
 * postponed, moved by hand, or with a lesson or action drawn from them. A new time for the series
 * does not bring back a week that was called off, nor double one that was kept.
 * A session moved off a public holiday onto a day the rule meets anyway is dropped too: the rule's
 * own session that day stands, and nobody is invited twice at the same hour. Several sessions a
 * day that the rule itself makes are left alone.
 */
export function sessionsOnFreeDays(
  planned: PlannedSession[],
  takenDays: ReadonlySet<string>,
  timeZone: string,
): PlannedSession[] {
  const day = (instant: Date) => DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
  const moved = (p: PlannedSession) => p.scheduledAt.getTime() !== p.occurrenceStart.getTime();
  const ruleDays = new Set(planned.filter((p) => !moved(p)).map((p) => day(p.scheduledAt)));
  const movedDays = new Set<string>();
  return planned.filter((p) => {
    const on = day(p.scheduledAt);
    if (takenDays.has(on) || takenDays.has(day(p.occurrenceStart))) return false;
    if (!moved(p)) return true;
    if (ruleDays.has(on) || movedDays.has(on)) return false;
    movedDays.add(on);
    return true;
  });
}
