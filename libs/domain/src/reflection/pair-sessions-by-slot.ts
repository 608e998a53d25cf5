import { DateTime } from 'luxon';
import { PlannedSession } from './plan-sessions';
import { SessionSlots } from './session-slots';

/** A session the rule made, as it is now. */
export interface ExistingSession extends PlannedSession {
  id: string;
}

export interface SessionPairing {
  /** Existing sessions that become the new rule's session of the same slot (same occurrence first). */
  pairs: { existing: ExistingSession; planned: PlannedSession }[];
  /** Existing sessions in a slot the new rule has no session for. */
  removed: ExistingSession[];
  /** The new rule's sessions in a slot that had none. */
  created: PlannedSession[];
}

/**
 * Matches the sessions a rule made with those of its new version, so that a session that stays in
 * its slot stays the same session (its id, its links, its calendar event), only at the new time.
 * The same occurrence pairs first; then, in order of time, the same day in the series' zone; then
 * the same slot (the week of a weekly series: Monday's session becomes that week's Thursday's).
 */
export function pairSessionsBySlot(
  existing: ExistingSession[],
  planned: PlannedSession[],
  slots: SessionSlots,
  timeZone: string,
): SessionPairing {
  const day = (session: PlannedSession) =>
    DateTime.fromJSDate(session.scheduledAt, { zone: timeZone }).toISODate() as string;
  const slot = (session: PlannedSession) => slots.of(session.occurrenceStart);
  const byTime = (a: PlannedSession, b: PlannedSession) => a.scheduledAt.getTime() - b.scheduledAt.getTime();
  const pairs: SessionPairing['pairs'] = [];
  const unpaired = new Map(existing.map((e) => [e.occurrenceStart.getTime(), e]));
  let waiting: PlannedSession[] = [];
  for (const p of planned) {
    const same = unpaired.get(p.occurrenceStart.getTime());
    if (same) {
      pairs.push({ existing: same, planned: p });
      unpaired.delete(p.occurrenceStart.getTime());
    } else waiting.push(p);
  }
  for (const key of [day, slot]) {
    const left = [...unpaired.values()].sort(byTime);
    const byKey = new Map<string, ExistingSession[]>();
    for (const e of left) byKey.set(key(e), [...(byKey.get(key(e)) ?? []), e]);
    const still: PlannedSession[] = [];
    for (const p of waiting.sort(byTime)) {
      const match = byKey.get(key(p))?.shift();
      if (!match) still.push(p);
      else {
        pairs.push({ existing: match, planned: p });
        unpaired.delete(match.occurrenceStart.getTime());
      }
    }
    waiting = still;
  }
  return { pairs, removed: [...unpaired.values()].sort(byTime), created: waiting };
}
