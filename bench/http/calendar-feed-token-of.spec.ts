import { calendarFeedTokenOf } from './calendar-feed-token-of';

describe('calendarFeedTokenOf', () => {
  const token = `${'A'.repeat(22)}${'b_-9'.repeat(10)}xyz`;

  it("takes the token from a person's calendarFeedUrl", () => {
    expect(
      calendarFeedTokenOf({ id: 'p', calendarFeedUrl: `http://127.0.0.1:3000/v1/calendar-feeds/${token}` }),
    ).toBe(token);
  });

  it('finds a feed URL elsewhere in an answer, and nothing where there is none', () => {
    expect(calendarFeedTokenOf({ links: { feed: `https://x.nl/v1/calendar-feeds/${token}` } })).toBe(token);
    expect(calendarFeedTokenOf({ id: 'p', calendarFeedUrl: null })).toBeUndefined();
    expect(calendarFeedTokenOf(null)).toBeUndefined();
    expect(calendarFeedTokenOf('Cannot GET /v1/people/x')).toBeUndefined();
  });
});
