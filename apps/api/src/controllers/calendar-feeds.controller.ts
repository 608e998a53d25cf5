import type { Principal } from '@app/domain/access/principal';
import { CalendarFeedService } from '@app/domain/calendar/calendar-feed.service';
import { PersonDto } from '@app/domain/governance/dto/person.dto';
import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor } from '../http/actor.decorator';
import { OrganisationWork } from '../http/organisation-work.decorator';
import { Public } from '../http/public.decorator';
import { UuidPipe } from '../http/uuid.pipe';

@ApiTags('calendar-feeds')
@Controller()
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get('calendar-feeds/:token')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({
    summary: "A person's reflection sessions as an iCalendar subscription (the secret URL is the credential)",
  })
  @ApiParam({ name: 'token', description: 'The secret from calendarFeedUrl', schema: { type: 'string' } })
  @ApiOkResponse({
    description: 'RFC 5545 calendar',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  feed(@Param('token') token: string): Promise<string> {
    return this.feeds.feed(token);
  }

  @Post('people/:id/calendar-feed-rotation')
  // The system administrator gives first admins their tokens, but a feed link is the organisation's.
  @OrganisationWork()
  @HttpCode(200)
  // The new URL is a secret: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiTags('people')
  @ApiOperation({
    summary: 'Give a person a new calendar feed URL; the old one stops working (the person or admins)',
  })
  @ApiOkResponse({ type: PersonDto })
  rotate(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.feeds.rotate(actor, id);
  }
}
