import { BestPracticeStatus } from './best-practice-status';

const NEXT: Record<BestPracticeStatus, BestPracticeStatus[]> = {
  // A proposal that is not endorsed can be withdrawn (retired) straight away.
  [BestPracticeStatus.Proposed]: [BestPracticeStatus.Endorsed, BestPracticeStatus.Retired],
  [BestPracticeStatus.Endorsed]: [BestPracticeStatus.Adopted, BestPracticeStatus.Retired],
  [BestPracticeStatus.Adopted]: [BestPracticeStatus.Retired],
  // Retired is final: a practice that comes back is proposed anew, with fresh evidence.
  [BestPracticeStatus.Retired]: [],
};

/** The states a best practice in `from` may move to (proposed → endorsed → adopted → retired). */
export function nextBestPracticeStates(from: BestPracticeStatus): BestPracticeStatus[] {
  return [...NEXT[from]];
}
