import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { SessionStatus } from './session-status';

/**
 * A lesson or action drawn from a reflection session is about a meeting that takes or took place:
 * one still ahead (prepared for it) or held, not one called off or moved (the session that
 * replaced a postponed one is where it meets).
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
