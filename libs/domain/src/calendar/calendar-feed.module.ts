import { Module } from '@nestjs/common';
import { GovernanceModule } from '../governance/governance.module';
import { CalendarFeedService } from './calendar-feed.service';

@Module({ imports: [GovernanceModule], providers: [CalendarFeedService], exports: [CalendarFeedService] })
export class CalendarFeedModule {}
