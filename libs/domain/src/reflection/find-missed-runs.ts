import { SessionStatus } from './session-status';

export interface SessionOutcomeFact {
  id: string;
  scheduledAt: Date;
  endsAt: Date;
  status: SessionStatus;
}

/** How long after its end a session may stay unrecorded before it counts as not held. */
export const OUTCOME_GRACE_MS = 2 * 24 * 60 * 60 * 1000;

type Verdict = 'held' | 'missed' | 'open';

function verdict(session: SessionOutcomeFact, now: Date): Verdict {
  switch (session.status) {
    case SessionStatus.Held:
      return 'held';
    case SessionStatus.Postponed:
    case SessionStatus.Cancelled:
      return 'missed';
    default:
      return session.endsAt.getTime() + OUTCOME_GRACE_MS < now.getTime() ? 'missed' : 'open';
  }
}

/**
 * The sessions that complete a run of at least two sessions in a row that were not held
 * (postponed, cancelled, or still unrecorded two days after their end): each such session is a
 * reason to escalate. A held session, or one whose outcome can still come, breaks the run.
 * Returns ids in the order of the sessions.
 */
export function findMissedRuns(sessions: SessionOutcomeFact[], now: Date): string[] {
  const ordered = [...sessions].sort(
    (a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.id.localeCompare(b.id),
  );
  const escalating: string[] = [];
  let run = 0;
  for (const session of ordered) {
    run = verdict(session, now) === 'missed' ? run + 1 : 0;
    if (run >= 2) escalating.push(session.id);
  }
  return escalating;
}
