import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { LessonStatus } from './lesson-status';

const NEXT: Record<LessonStatus, readonly LessonStatus[]> = {
  // A draft that is abandoned is deleted, not retired: it never was the organisation's lesson.
  [LessonStatus.Draft]: [LessonStatus.Validated],
  [LessonStatus.Validated]: [LessonStatus.Embedded, LessonStatus.Retired],
  [LessonStatus.Embedded]: [LessonStatus.Retired],
  [LessonStatus.Retired]: [],
};

/**
 * The lesson life cycle: draft → validated → embedded → retired, and validated → retired for a
 * lesson that is accepted but will not be embedded. Retired is final. Staying in the same status
 * is not a transition. Throws InvalidTransition (409) naming the allowed next states otherwise.
 */
export function assertLessonTransition(from: LessonStatus, to: LessonStatus): void {
  if (from === to) return;
  const allowed = NEXT[from];
  if (allowed.includes(to)) return;
  throw new DomainError(
    ErrorCode.InvalidTransition,
    allowed.length
      ? `A lesson cannot go from ${from} to ${to}; allowed next: ${allowed.join(', ')}.`
      : `A ${from} lesson cannot change status any more.`,
    { allowedNextStates: [...allowed] },
  );
}
