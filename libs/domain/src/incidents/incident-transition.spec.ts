import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { assertIncidentTransition } from './incident-transition';
import { IncidentStatus } from './incident-status';

const { Reported, Analysing, LessonsDrawn, Closed } = IncidentStatus;
const ALL = [Reported, Analysing, LessonsDrawn, Closed];

function allowed(from: IncidentStatus, to: IncidentStatus): boolean {
  try {
    assertIncidentTransition(from, to);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
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

describe('assertIncidentTransition', () => {
  it('allows exactly the forward steps, reopening and staying put', () => {
    const table = ALL.flatMap((from) => ALL.filter((to) => allowed(from, to)).map((to) => `${from}->${to}`));
    expect(table).toEqual([
      'reported->reported',
      'reported->analysing',
      'analysing->analysing',
      'analysing->lessons-drawn',
      'lessons-drawn->lessons-drawn',
      'lessons-drawn->closed',
      'closed->analysing',
      'closed->closed',
    ]);
  });

  it('names the allowed next states in the detail and the extension', () => {
    const e = thrown(() => assertIncidentTransition(Closed, Reported));
    expect(e.extensions.allowedNextStates).toEqual([Analysing]);
    expect(e.detail).toContain('analysing');
    expect(() => assertIncidentTransition(Reported, Closed)).toThrow(/allowed next: analysing/);
  });
});
