import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { SessionStatus } from './session-status';

/**
 * A lesson or action drawn from a reflection session is about a meeting that takes or took place:
 * one still ahead (prepared for it) or held, not one called off or moved (the session that
 * replaced a postponed one is where it meets: postponing moves them there, and a session with them
 * is not cancelled). Only a series that stops cancels such a session: with no meeting left to move
 * them to, they stay on it, the record of what was prepared (and a validated lesson or a finished
 * action cannot be deleted).
 */
export function requireSessionMeets(session: { status: string }): void {
  const reason =
    session.status === SessionStatus.Cancelled
      ? 'names a session that was cancelled: it did not take place'
      : session.status === SessionStatus.Postponed
        ? 'names a session that was postponed: use the session that replaced it'
        : null;
  if (reason)
    throw new DomainError(ErrorCode.Conflict, `sourceId ${reason}.`, {
      invalidParams: [{ name: 'sourceId', reason }],
    });
}
