import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { IncidentStatus } from './incident-status';

const NEXT: Record<IncidentStatus, readonly IncidentStatus[]> = {
  [IncidentStatus.Reported]: [IncidentStatus.Analysing],
  [IncidentStatus.Analysing]: [IncidentStatus.LessonsDrawn],
  [IncidentStatus.LessonsDrawn]: [IncidentStatus.Closed],
  // Reopening goes back to analysis: a closed incident that turns out not to be done needs a new look.
  [IncidentStatus.Closed]: [IncidentStatus.Analysing],
};

/**
 * The incident life cycle: reported → analysing → lessons-drawn → closed, and closed → analysing
 * to reopen. Staying in the same status is not a transition. Throws InvalidTransition (409)
 * naming the allowed next states otherwise.
 */
export function assertIncidentTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (from === to) return;
  const allowed = NEXT[from];
  if (allowed.includes(to)) return;
  throw new DomainError(
    ErrorCode.InvalidTransition,
    `An incident cannot go from ${from} to ${to}; allowed next: ${allowed.join(', ')}.`,
    { allowedNextStates: [...allowed] },
  );
}
