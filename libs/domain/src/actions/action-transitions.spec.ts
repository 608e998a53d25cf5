import { ActionStatus as S } from './action-status';
import { nextActionStates } from './action-transitions';

describe('nextActionStates', () => {
  it('lets an open action be done or cancelled', () => {
    expect(nextActionStates(S.Open)).toEqual([S.Done, S.Cancelled]);
  });

  it('treats done and cancelled as final', () => {
    expect(nextActionStates(S.Done)).toEqual([]);
    expect(nextActionStates(S.Cancelled)).toEqual([]);
  });

  it('hands out a copy, so callers cannot change the table', () => {
    nextActionStates(S.Done).push(S.Open);
    expect(nextActionStates(S.Done)).toEqual([]);
  });
});
