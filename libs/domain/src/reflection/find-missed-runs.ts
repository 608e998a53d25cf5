import { outcomeDueAt } from './outcome-due-at';
import { SessionStatus } from './session-status';

export interface SessionOutcomeFact {
  id: string;
  scheduledAt: Date;
  endsAt: Date;
  status: SessionStatus;
}

/**
 * About how long after its end a session may stay unrecorded before it counts as not held (exactly:
 * outcomeDueAt, two calendar days in the series' zone, 47 to 49 hours).
 */
export const OUTCOME_GRACE_MS = 2 * 24 * 60 * 60 * 1000;

type Verdict = 'held' | 'missed' | 'open';

function verdict(session: SessionOutcomeFact, now: Date, timeZone: string): Verdict {
  switch (session.status) {
    case SessionStatus.Held:
      return 'held';
    case SessionStatus.Postponed:
    case SessionStatus.Cancelled:
      return 'missed';
    default:
      return outcomeDueAt(session.endsAt, timeZone) < now ? 'missed' : 'open';
  }
}

/**
 * The sessions that complete a run of at least two sessions in a row that were not held
 * (postponed, cancelled, or still unrecorded when the chair's outcome request was due): each such session is a
 * reason to escalate. A held session, or one whose outcome can still come, breaks the run.
 * Returns ids in the order of the sessions.
 */
export function findMissedRuns(sessions: SessionOutcomeFact[], now: Date, timeZone: string): string[] {
  const ordered = [...sessions].sort(
    (a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.id.localeCompare(b.id),
  );
  const escalating: string[] = [];
  let run = 0;
  for (const session of ordered) {
    run = verdict(session, now, timeZone) === 'missed' ? run + 1 : 0;
    if (run >= 2) escalating.push(session.id);
  }
  return escalating;
}
