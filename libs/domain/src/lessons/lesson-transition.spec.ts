import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { assertLessonTransition } from './lesson-transition';
import { LessonStatus } from './lesson-status';

const { Draft, Validated, Embedded, Retired } = LessonStatus;
const ALL = [Draft, Validated, Embedded, Retired];

function allowed(from: LessonStatus, to: LessonStatus): boolean {
  try {
    assertLessonTransition(from, to);
    return true;
  } catch (error) {
    expect((error as DomainError).code).toBe(ErrorCode.InvalidTransition);
    return false;
  }
}

function thrown(action: () => void): DomainError {
  try {
    action();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}

describe('assertLessonTransition', () => {
  it('allows draft→validated→embedded→retired, validated→retired and staying put', () => {
    const table = ALL.flatMap((from) => ALL.filter((to) => allowed(from, to)).map((to) => `${from}->${to}`));
    expect(table).toEqual([
      'draft->draft',
      'draft->validated',
      'validated->validated',
      'validated->embedded',
      'validated->retired',
      'embedded->embedded',
      'embedded->retired',
      'retired->retired',
    ]);
  });

  it('names the allowed next states, and none for a retired lesson', () => {
    expect(() => assertLessonTransition(Draft, Embedded)).toThrow(/allowed next: validated/);
    expect(thrown(() => assertLessonTransition(Retired, Draft)).extensions.allowedNextStates).toEqual([]);
    expect(thrown(() => assertLessonTransition(Validated, Draft)).extensions.allowedNextStates).toEqual([
      Embedded,
      Retired,
    ]);
  });
});
