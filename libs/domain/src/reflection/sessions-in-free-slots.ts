import { DateTime } from 'luxon';
import { PlannedSession } from './plan-sessions';
import { SessionSlots } from './session-slots';
import { TakenSession } from './taken-sessions';

/**
 * The planned sessions that do not fill a slot the series already has a session for. `taken` are
 * the sessions that stay whatever the rule says: held, cancelled, postponed, moved, or with a lesson
 * or action drawn from them. A planned session is left out when its occurrence has the slot (the
 * week of a weekly series) of a taken one's occurrence, or when it lands on a day a taken session
 * was meant for or is on. A new time or day for the series does not bring back a week that was
 * called off, nor double one that was kept.
 * A session moved off a public holiday onto a day the rule meets anyway is dropped too: the rule's
 * own session that day stands, and nobody is invited twice at the same hour. Several sessions a
 * day that the rule itself makes are left alone.
 * `standing` are the rule's sessions about to be given the new schedule: one on a day a taken
 * session is on (another session postponed to it) was there beside it, and keeps its day.
 * `meeting` are the sessions an earlier run planned (the daily job plans a day further each time):
 * a session moved off a holiday onto a day one of them is on is dropped as well.
 */
export function sessionsInFreeSlots(
  planned: PlannedSession[],
  taken: TakenSession[],
  slots: SessionSlots,
  timeZone: string,
  standing: TakenSession[] = [],
  meeting: TakenSession[] = [],
): PlannedSession[] {
  const day = (instant: Date) => DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
  // Where each was meant to be and where it is (moved off a public holiday).
  const standingDays = new Set(standing.flatMap((s) => [day(s.occurrenceStart), day(s.scheduledAt)]));
  const takenDays = new Set(
    taken.flatMap((s) => [day(s.occurrenceStart), day(s.scheduledAt)]).filter((d) => !standingDays.has(d)),
  );
  const takenSlots = new Set(taken.map((s) => slots.of(s.occurrenceStart)));
  const moved = (p: PlannedSession) => p.scheduledAt.getTime() !== p.occurrenceStart.getTime();
  const ruleDays = new Set([...planned.filter((p) => !moved(p)), ...meeting].map((p) => day(p.scheduledAt)));
  const movedDays = new Set<string>();
  return planned.filter((p) => {
    const on = day(p.scheduledAt);
    if (takenDays.has(on) || takenDays.has(day(p.occurrenceStart))) return false;
    if (takenSlots.has(slots.of(p.occurrenceStart))) return false;
    if (!moved(p)) return true;
    if (ruleDays.has(on) || movedDays.has(on)) return false;
    movedDays.add(on);
    return true;
  });
}
