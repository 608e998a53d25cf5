import { LocalFailureCounts } from './local-failure-counts';

describe('LocalFailureCounts', () => {
  it('counts failures per scope for one window from the first, then starts over', () => {
    const counts = new LocalFailureCounts(60_000, 10);
    expect(counts.increment('203.0.113.7', 1_000)).toBe(1);
    expect(counts.increment('203.0.113.7', 30_000)).toBe(2);
    expect(counts.increment('198.51.100.20', 30_000)).toBe(1);
    expect(counts.count('203.0.113.7', 60_999)).toBe(2);
    // The window began with the first failure, not the last.
    expect(counts.count('203.0.113.7', 61_000)).toBe(0);
    expect(counts.increment('203.0.113.7', 61_000)).toBe(1);
    expect(counts.count('unknown', 61_000)).toBe(0);
  });

  it('holds at most its capacity: expired counts go first, then the oldest', () => {
    const counts = new LocalFailureCounts(60_000, 3);
    counts.increment('a', 0);
    counts.increment('b', 10_000);
    counts.increment('c', 20_000);
    // a's window has ended: it goes, b and c stay.
    counts.increment('d', 65_000);
    expect(counts.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((s) => counts.count(s, 65_000))).toEqual([0, 1, 1, 1]);
    // None has ended: the oldest (b) goes.
    counts.increment('e', 66_000);
    expect(counts.size).toBe(3);
    expect(['b', 'c', 'd', 'e'].map((s) => counts.count(s, 66_000))).toEqual([0, 1, 1, 1]);
    // A flood of scopes never holds more than the capacity.
    for (let i = 0; i < 1000; i++) counts.increment(`flood-${i}`, 67_000);
    expect(counts.size).toBe(3);
  });
});
