import { meetsSchedulingTarget } from './scheduling-target';

describe('meetsSchedulingTarget', () => {
  const run = {
    reminders: 10_000,
    spreadSeconds: 60,
    byDeadline: 10_000,
    lagMs: { p50: 400, p95: 1_900, p99: 4_900, max: 6_000 },
    duplicates: 0,
    lost: 0,
  };

  it('holds when every reminder is in time, lag p99 is at most 5 s and none is sent twice or lost', () => {
    expect(meetsSchedulingTarget(run)).toBe(true);
    expect(meetsSchedulingTarget({ ...run, spreadSeconds: 0 })).toBe(true);
  });

  it('fails on one late, duplicated or lost reminder, or a p99 above 5 s', () => {
    expect(meetsSchedulingTarget({ ...run, byDeadline: 9_999 })).toBe(false);
    expect(meetsSchedulingTarget({ ...run, lagMs: { ...run.lagMs, p99: 5_001 } })).toBe(false);
    expect(meetsSchedulingTarget({ ...run, duplicates: 1 })).toBe(false);
    expect(meetsSchedulingTarget({ ...run, lost: 1, byDeadline: 9_999 })).toBe(false);
  });

  it('judges 10,000 reminders due within a minute only', () => {
    expect(meetsSchedulingTarget({ ...run, reminders: 1_000, byDeadline: 1_000 })).toBeNull();
    expect(meetsSchedulingTarget({ ...run, reminders: 100_000, byDeadline: 100_000 })).toBeNull();
    expect(meetsSchedulingTarget({ ...run, spreadSeconds: 120 })).toBeNull();
  });
});
