import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { assertLessonTransition } from './lesson-transition';
import { LessonResponse } from './lesson-response';
import { LessonStatus } from './lesson-status';

const { Draft, Validated, Embedded, Retired } = LessonStatus;
const ALL = [Draft, Validated, Embedded, Retired];

function allowed(from: LessonStatus, to: LessonStatus): boolean {
  try {
    assertLessonTransition(from, to, null);
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
    expect(() => assertLessonTransition(Draft, Embedded, null)).toThrow(/allowed next: validated/);
    expect(thrown(() => assertLessonTransition(Retired, Draft, null)).extensions.allowedNextStates).toEqual(
      [],
    );
    expect(
      thrown(() => assertLessonTransition(Validated, Draft, LessonResponse.Adopted)).extensions
        .allowedNextStates,
    ).toEqual([Embedded, Retired]);
  });

  it('lets a validated lesson that was not adopted be retired, not embedded', () => {
    const refused = thrown(() => assertLessonTransition(Validated, Embedded, LessonResponse.NotAdopted));
    expect(refused.code).toBe(ErrorCode.InvalidTransition);
    expect(refused.message).toMatch(/not adopted.*allowed next: retired/);
    expect(refused.extensions.allowedNextStates).toEqual([Retired]);
    expect(() => assertLessonTransition(Validated, Retired, LessonResponse.NotAdopted)).not.toThrow();
    expect(() => assertLessonTransition(Validated, Embedded, LessonResponse.Partially)).not.toThrow();
    // Once embedded, the response is the validation's and decides nothing more.
    expect(() => assertLessonTransition(Embedded, Retired, LessonResponse.NotAdopted)).not.toThrow();
  });
});
