import { allowedNextStates } from './allowed-next-states';
import { SessionStatus } from './session-status';

describe('allowedNextStates', () => {
  it('lets a planned session get its agenda or its outcome', () => {
    expect(allowedNextStates(SessionStatus.Planned)).toEqual([
      SessionStatus.AgendaSent,
      SessionStatus.Held,
      SessionStatus.Postponed,
      SessionStatus.Cancelled,
    ]);
  });

  it('lets a session with its agenda sent only get its outcome', () => {
    expect(allowedNextStates(SessionStatus.AgendaSent)).toEqual([
      SessionStatus.Held,
      SessionStatus.Postponed,
      SessionStatus.Cancelled,
    ]);
  });

  it.each([SessionStatus.Held, SessionStatus.Postponed, SessionStatus.Cancelled])(
    'treats %s as final',
    (status) => {
      expect(allowedNextStates(status)).toEqual([]);
    },
  );

  it('hands out a copy that callers cannot use to change the table', () => {
    allowedNextStates(SessionStatus.Planned).pop();
    expect(allowedNextStates(SessionStatus.Planned)).toHaveLength(4);
  });
});
