import { AppConfig } from '@app/config';
import { CalendarFeedLinks } from './calendar-feed-links.service';
import { calendarFeedToken } from './calendar-feed-token';

const person = '6f1c2a9e-8a8b-4c39-9d3e-0c5b1f6a7d21';
const config = (extra: Partial<AppConfig>) =>
  ({
    NODE_ENV: 'development',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    LOG_LEVEL: 'silent',
    ...extra,
  }) as AppConfig;

describe('CalendarFeedLinks', () => {
  it('makes up a secret of its own when none is configured, so no link can be forged from the source', () => {
    const [one, other] = [new CalendarFeedLinks(config({})), new CalendarFeedLinks(config({}))];
    expect(one.url(person, 1)).not.toBe(other.url(person, 1));
    const forged = calendarFeedToken(
      'leerlus-development-calendar-feed-secret-not-for-production',
      person,
      1,
    );
    expect(one.verify(forged, person, 1)).toBe(false);
  });

  it('makes the same links everywhere with a configured secret', () => {
    const secret = { CALENDAR_FEED_SECRET: 'x'.repeat(32) };
    const one = new CalendarFeedLinks(config(secret));
    expect(new CalendarFeedLinks(config(secret)).url(person, 1)).toBe(one.url(person, 1));
    const token = one.url(person, 1).split('/').pop() as string;
    expect(one.verify(token, person, 1)).toBe(true);
  });
});
