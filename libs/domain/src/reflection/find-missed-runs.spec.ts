import { findMissedRuns, SessionOutcomeFact } from './find-missed-runs';
import { SessionStatus } from './session-status';

const now = new Date('2026-06-15T12:00:00Z');
const day = 24 * 60 * 60 * 1000;
const ZONE = 'Europe/Amsterdam';

/** A session that started `daysAgo` days before now and lasted an hour. */
function session(id: string, daysAgo: number, status: SessionStatus): SessionOutcomeFact {
  const scheduledAt = new Date(now.getTime() - daysAgo * day);
  return { id, scheduledAt, endsAt: new Date(scheduledAt.getTime() + 60 * 60 * 1000), status };
}

describe('findMissedRuns', () => {
  it('does not escalate one missed session', () => {
    expect(
      findMissedRuns(
        [session('a', 30, SessionStatus.Held), session('b', 14, SessionStatus.Cancelled)],
        now,
        ZONE,
      ),
    ).toEqual([]);
  });

  it('finds two sessions in a row that were postponed or cancelled', () => {
    expect(
      findMissedRuns(
        [
          session('a', 30, SessionStatus.Held),
          session('b', 21, SessionStatus.Postponed),
          session('c', 14, SessionStatus.Cancelled),
        ],
        now,
        ZONE,
      ),
    ).toEqual([['b', 'c']]);
  });

  it('counts a session left unrecorded for more than two days after its end', () => {
    const sessions = [
      session('a', 10, SessionStatus.AgendaSent),
      session('b', 3, SessionStatus.Planned), // ended 2 days 23 hours ago
    ];
    expect(findMissedRuns(sessions, now, ZONE)).toEqual([['a', 'b']]);
  });

  it('gives the chair two days to record the outcome', () => {
    const sessions = [session('a', 10, SessionStatus.Cancelled), session('b', 2, SessionStatus.Planned)];
    expect(findMissedRuns(sessions, now, ZONE)).toEqual([]);
    // One minute past the grace period it counts.
    const later = new Date(sessions[1].endsAt.getTime() + 2 * day + 60 * 1000);
    expect(findMissedRuns(sessions, later, ZONE)).toEqual([['a', 'b']]);
  });

  it('is broken by a held session and by a session still to come', () => {
    expect(
      findMissedRuns(
        [
          session('a', 40, SessionStatus.Cancelled),
          session('b', 30, SessionStatus.Held),
          session('c', 20, SessionStatus.Cancelled),
          session('d', -7, SessionStatus.Planned),
          session('e', -14, SessionStatus.Cancelled),
        ],
        now,
        ZONE,
      ),
    ).toEqual([]);
  });

  it('counts a future session that was already cancelled right after a missed one', () => {
    expect(
      findMissedRuns(
        [session('a', 7, SessionStatus.Postponed), session('b', -7, SessionStatus.Cancelled)],
        now,
        ZONE,
      ),
    ).toEqual([['a', 'b']]);
  });

  it('gives a longer run whole, whatever order its sessions come in', () => {
    expect(
      findMissedRuns(
        [
          session('d', 7, SessionStatus.Planned),
          session('b', 21, SessionStatus.Cancelled),
          session('a', 28, SessionStatus.Held),
          session('c', 14, SessionStatus.Postponed),
        ],
        now,
        ZONE,
      ),
    ).toEqual([['b', 'c', 'd']]);
  });

  it('counts an unrecorded session as missed when its outcome request is due, across the October clock change', () => {
    // Fridays at 10:00 local; the first was cancelled, the second ended 23 October 11:00 (CEST)
    // and is unrecorded. Its outcome request is due Sunday 25 October 11:00 CET: 49 hours later.
    const first: SessionOutcomeFact = {
      id: 'a',
      scheduledAt: new Date('2026-10-16T08:00:00Z'),
      endsAt: new Date('2026-10-16T09:00:00Z'),
      status: SessionStatus.Cancelled,
    };
    const second: SessionOutcomeFact = {
      id: 'b',
      scheduledAt: new Date('2026-10-23T08:00:00Z'),
      endsAt: new Date('2026-10-23T09:00:00Z'),
      status: SessionStatus.Planned,
    };
    expect(findMissedRuns([first, second], new Date('2026-10-25T09:50:00Z'), ZONE)).toEqual([]);
    expect(findMissedRuns([first, second], new Date('2026-10-25T10:01:00Z'), ZONE)).toEqual([['a', 'b']]);
  });

  it("does not count a postponed session's replacement as a further session missed, unless it is held", () => {
    const replacement = (status: SessionStatus, daysAgo: number) => ({
      ...session('b2', daysAgo, status),
      rescheduledFromId: 'b',
    });
    const run = (status: SessionStatus, daysAgo = 10) =>
      findMissedRuns(
        [
          session('a', 28, SessionStatus.Cancelled),
          session('b', 21, SessionStatus.Postponed),
          replacement(status, daysAgo),
          session('c', 14, SessionStatus.Cancelled),
          session('d', 7, SessionStatus.Held),
        ],
        now,
        ZONE,
      );
    // Postponed again, called off, or left unrecorded: still the one occurrence, counted once.
    for (const status of [SessionStatus.Postponed, SessionStatus.Cancelled, SessionStatus.Planned])
      expect([status, run(status)]).toEqual([status, [['a', 'b', 'c']]]);
    // Held at last: reflection took place, and the run is broken there.
    expect(run(SessionStatus.Held, 17)).toEqual([['a', 'b']]);
    // Still to come: its outcome can still come, as any session's, and it breaks the run.
    expect(
      findMissedRuns(
        [
          session('a', 28, SessionStatus.Cancelled),
          session('b', 21, SessionStatus.Postponed),
          replacement(SessionStatus.Planned, -3),
          session('c', -10, SessionStatus.Cancelled),
        ],
        now,
        ZONE,
      ),
    ).toEqual([['a', 'b']]);
  });
});
