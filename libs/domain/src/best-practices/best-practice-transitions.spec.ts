import { BestPracticeStatus as S } from './best-practice-status';
import { nextBestPracticeStates } from './best-practice-transitions';

describe('nextBestPracticeStates', () => {
  it('follows proposed → endorsed → adopted → retired', () => {
    expect(nextBestPracticeStates(S.Proposed)).toEqual([S.Endorsed, S.Retired]);
    expect(nextBestPracticeStates(S.Endorsed)).toEqual([S.Adopted, S.Retired]);
    expect(nextBestPracticeStates(S.Adopted)).toEqual([S.Retired]);
  });

  it('never skips endorsement and never goes back', () => {
    expect(nextBestPracticeStates(S.Proposed)).not.toContain(S.Adopted);
    expect(nextBestPracticeStates(S.Endorsed)).not.toContain(S.Proposed);
    expect(nextBestPracticeStates(S.Adopted)).not.toContain(S.Endorsed);
  });

  it('treats retired as final', () => {
    expect(nextBestPracticeStates(S.Retired)).toEqual([]);
  });

  it('hands out a copy, so callers cannot change the table', () => {
    nextBestPracticeStates(S.Adopted).push(S.Proposed);
    expect(nextBestPracticeStates(S.Adopted)).toEqual([S.Retired]);
  });
});
