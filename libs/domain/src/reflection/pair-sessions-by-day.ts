import { DateTime } from 'luxon';
import { PlannedSession } from './plan-sessions';

/** A session the rule made, as it is now. */
export interface ExistingSession extends PlannedSession {
  id: string;
}

export interface SessionPairing {
  /** Existing sessions that become the new rule's session of the same day (same occurrence first). */
  pairs: { existing: ExistingSession; planned: PlannedSession }[];
  /** Existing sessions on a day the new rule has no session. */
  removed: ExistingSession[];
  /** The new rule's sessions on a day that had none. */
  created: PlannedSession[];
}

/**
 * Matches the sessions a rule made with those of its new version, so that a session that stays on
 * its day stays the same session (its id, its links, its calendar event), only at the new time. The
 * same occurrence pairs first; then, day by day in the series' zone, in order of time.
 */
export function pairSessionsByDay(
  existing: ExistingSession[],
  planned: PlannedSession[],
  timeZone: string,
): SessionPairing {
  const day = (instant: Date) => DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
  const byTime = (a: PlannedSession, b: PlannedSession) => a.scheduledAt.getTime() - b.scheduledAt.getTime();
  const pairs: SessionPairing['pairs'] = [];
  const unpaired = new Map(existing.map((e) => [e.occurrenceStart.getTime(), e]));
  const waiting: PlannedSession[] = [];
  for (const p of planned) {
    const same = unpaired.get(p.occurrenceStart.getTime());
    if (same) {
      pairs.push({ existing: same, planned: p });
      unpaired.delete(p.occurrenceStart.getTime());
    } else waiting.push(p);
  }
  const onDay = new Map<string, ExistingSession[]>();
  for (const e of [...unpaired.values()].sort(byTime))
    onDay.set(day(e.scheduledAt), [...(onDay.get(day(e.scheduledAt)) ?? []), e]);
  const created: PlannedSession[] = [];
  for (const p of waiting.sort(byTime)) {
    const match = onDay.get(day(p.scheduledAt))?.shift();
    if (match) pairs.push({ existing: match, planned: p });
    else created.push(p);
  }
  const removed = [...onDay.values()].flat();
  return { pairs, removed, created };
}
