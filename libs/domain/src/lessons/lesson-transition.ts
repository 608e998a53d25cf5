import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { LessonResponse } from './lesson-response';
import { LessonStatus } from './lesson-status';

const NEXT: Record<LessonStatus, readonly LessonStatus[]> = {
  // A draft that is abandoned is deleted, not retired: it never was the organisation's lesson.
  [LessonStatus.Draft]: [LessonStatus.Validated],
  [LessonStatus.Validated]: [LessonStatus.Embedded, LessonStatus.Retired],
  [LessonStatus.Embedded]: [LessonStatus.Retired],
  [LessonStatus.Retired]: [],
};

/** What was not adopted is not put into practice: it is given another response first, or retired. */
const NOT_ADOPTED_NEXT: readonly LessonStatus[] = [LessonStatus.Retired];

/**
 * The lesson life cycle: draft → validated → embedded → retired, and validated → retired for a
 * lesson that is accepted but will not be embedded; a validated lesson with response
 * `not-adopted` is not embedded. Retired is final. Staying in the same status is not a
 * transition. Throws InvalidTransition (409) naming the allowed next states otherwise.
 */
export function assertLessonTransition(
  from: LessonStatus,
  to: LessonStatus,
  response: LessonResponse | null,
): void {
  if (from === to) return;
  const notAdopted = from === LessonStatus.Validated && response === LessonResponse.NotAdopted;
  const allowed = notAdopted ? NOT_ADOPTED_NEXT : NEXT[from];
  if (allowed.includes(to)) return;
  throw new DomainError(
    ErrorCode.InvalidTransition,
    notAdopted && to === LessonStatus.Embedded
      ? `A lesson that was not adopted is not embedded: give another response while it is validated, or retire it; allowed next: ${allowed.join(', ')}.`
      : allowed.length
        ? `A lesson cannot go from ${from} to ${to}; allowed next: ${allowed.join(', ')}.`
        : `A ${from} lesson cannot change status any more.`,
    { allowedNextStates: [...allowed] },
  );
}
