import { SessionStatus } from './session-status';

const NEXT: Record<SessionStatus, SessionStatus[]> = {
  [SessionStatus.Planned]: [
    SessionStatus.AgendaSent,
    SessionStatus.Held,
    SessionStatus.Postponed,
    SessionStatus.Cancelled,
  ],
  [SessionStatus.AgendaSent]: [SessionStatus.Held, SessionStatus.Postponed, SessionStatus.Cancelled],
  // The outcome is final: a postponed session lives on in the session that replaces it.
  [SessionStatus.Held]: [],
  [SessionStatus.Postponed]: [],
  [SessionStatus.Cancelled]: [],
};

/** The statuses a session may move to from `status`: planned → agenda-sent → held | postponed | cancelled. */
export function allowedNextStates(status: SessionStatus): SessionStatus[] {
  return [...NEXT[status]];
}
