import { AppConfig } from '@app/config';
import { Injectable, Logger } from '@nestjs/common';
import { calendarFeedToken, calendarFeedPersonId, verifyCalendarFeedToken } from './calendar-feed-token';

/** Only for development and tests; production refuses to start without CALENDAR_FEED_SECRET. */
const DEVELOPMENT_SECRET = 'leerlus-development-calendar-feed-secret-not-for-production';

/** Makes and checks the secret calendar feed URLs of people. */
@Injectable()
export class CalendarFeedLinks {
  private readonly secret: string;

  constructor(private readonly config: AppConfig) {
    this.secret = config.CALENDAR_FEED_SECRET ?? DEVELOPMENT_SECRET;
    if (!config.CALENDAR_FEED_SECRET && config.NODE_ENV !== 'test') {
      new Logger('CalendarFeedLinks').warn('CALENDAR_FEED_SECRET is not set; using a development secret');
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
