import { AppConfig } from '@app/config';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { calendarFeedToken, calendarFeedPersonId, verifyCalendarFeedToken } from './calendar-feed-token';

/** Only for tests; production refuses to start without CALENDAR_FEED_SECRET. */
const TEST_SECRET = 'leerlus-test-calendar-feed-secret-not-for-production';

/** Makes and checks the secret calendar feed URLs of people. */
@Injectable()
export class CalendarFeedLinks {
  private readonly secret: string;

  constructor(private readonly config: AppConfig) {
    // Without a secret, one made up for this process: a secret written here would let anyone who
    // knows a person's id read their calendar on every installation that did not set one.
    this.secret =
      config.CALENDAR_FEED_SECRET ??
      (config.NODE_ENV === 'test' ? TEST_SECRET : randomBytes(32).toString('hex'));
    if (!config.CALENDAR_FEED_SECRET && config.NODE_ENV !== 'test') {
      new Logger('CalendarFeedLinks').warn(
        'CALENDAR_FEED_SECRET is not set: calendar feed links made now stop working when this process stops',
      );
    }
  }

  get baseUrl(): string {
    return this.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  url(personId: string, version: number): string {
    return `${this.baseUrl}/v1/calendar-feeds/${calendarFeedToken(this.secret, personId, version)}`;
  }

  personIdOf(token: string): string | null {
    return calendarFeedPersonId(token);
  }

  verify(token: string, personId: string, version: number): boolean {
    return verifyCalendarFeedToken(this.secret, token, personId, version);
  }
}
