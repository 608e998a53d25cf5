import { Global, Module } from '@nestjs/common';
import { CalendarFeedLinks } from './calendar-feed-links.service';

/** Global, so the people service can show a person's feed URL without depending on the feed. */
@Global()
@Module({ providers: [CalendarFeedLinks], exports: [CalendarFeedLinks] })
export class CalendarFeedLinksModule {}
