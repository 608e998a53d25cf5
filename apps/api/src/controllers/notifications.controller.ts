import type { Principal } from '@app/domain/access/principal';
import { NotificationQueryDto } from '@app/domain/notifications/dto/notification-query.dto';
import { NotificationDto } from '@app/domain/notifications/dto/notification.dto';
import { NotificationsService } from '@app/domain/notifications/notifications.service';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../http/actor.decorator';
import { ApiPageResponse } from '../http/api-page-response.decorator';
import { UuidPipe } from '../http/uuid.pipe';
import { OrganisationWork } from '../http/organisation-work.decorator';

@ApiTags('notifications')
@OrganisationWork()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'The delivery log: every message planned or sent (leads and admins)' })
  @ApiPageResponse(NotificationDto, undefined, { cappedTotal: '10,000 notifications' })
  list(@Actor() actor: Principal, @Query() query: NotificationQueryDto) {
    return this.notifications.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One message of the delivery log (leads and admins)' })
  @ApiOkResponse({ type: NotificationDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.notifications.get(actor, id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a failed message again, now, to the current address or URL',
    description:
      '409 unless it failed, or when the webhook subscription no longer listens to its event. ' +
      'It keeps its dueAt: the moment it was due, which has passed.',
  })
  @ApiOkResponse({ type: NotificationDto })
  retry(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.notifications.retry(actor, id);
  }
}
