import { outcomeDueAt } from './outcome-due-at';
import { SessionStatus } from './session-status';

export interface SessionOutcomeFact {
  id: string;
  scheduledAt: Date;
  endsAt: Date;
  status: SessionStatus;
  /** Set on the replacement of a postponed session: the session it replaces. */
  rescheduledFromId?: string | null;
}

/**
 * About how long after its end a session may stay unrecorded before it counts as not held (exactly:
 * outcomeDueAt, two calendar days in the series' zone, 47 to 49 hours).
 */
export const OUTCOME_GRACE_MS = 2 * 24 * 60 * 60 * 1000;

/** `skip`: neither extends nor breaks a run. */
type Verdict = 'held' | 'missed' | 'open' | 'skip';

function verdict(session: SessionOutcomeFact, now: Date, timeZone: string): Verdict {
  const unrecorded = outcomeDueAt(session.endsAt, timeZone) < now;
  if (session.rescheduledFromId) {
    // A replacement is the occurrence its postponed session already counted as not held: held at
    // last, it breaks the run; postponed or called off again, it is not a further session missed.
    if (session.status === SessionStatus.Held) return 'held';
    const pending = session.status === SessionStatus.Planned || session.status === SessionStatus.AgendaSent;
    return pending && !unrecorded ? 'open' : 'skip';
  }
  switch (session.status) {
    case SessionStatus.Held:
      return 'held';
    case SessionStatus.Postponed:
    case SessionStatus.Cancelled:
      return 'missed';
    default:
      return unrecorded ? 'missed' : 'open';
  }
}

/**
 * The runs of at least two sessions in a row that were not held (postponed, cancelled, or still
 * unrecorded when the chair's outcome request was due), each as its session ids in order. A held
 * session, or one whose outcome can still come, breaks a run.
 */
export function findMissedRuns(sessions: SessionOutcomeFact[], now: Date, timeZone: string): string[][] {
  const ordered = [...sessions].sort(
    (a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.id.localeCompare(b.id),
  );
  const runs: string[][] = [];
  let run: string[] = [];
  for (const session of ordered) {
    const said = verdict(session, now, timeZone);
    if (said === 'skip') continue;
    if (said === 'missed') {
      run.push(session.id);
      continue;
    }
    if (run.length >= 2) runs.push(run);
    run = [];
  }
  if (run.length >= 2) runs.push(run);
  return runs;
}
