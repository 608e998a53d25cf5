import type { Principal } from '@app/domain/access/principal';
import { CreateWebhookSubscriptionDto } from '@app/domain/notifications/dto/create-webhook-subscription.dto';
import { CreatedWebhookSubscriptionDto } from '@app/domain/notifications/dto/created-webhook-subscription.dto';
import { UpdateWebhookSubscriptionDto } from '@app/domain/notifications/dto/update-webhook-subscription.dto';
import { WebhookSubscriptionDto } from '@app/domain/notifications/dto/webhook-subscription.dto';
import { WebhookSubscriptionsService } from '@app/domain/notifications/webhook-subscriptions.service';
import { PageQueryDto } from '@app/domain/shared/page-query.dto';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../http/actor.decorator';
import { ApiPageResponse } from '../http/api-page-response.decorator';
import { UuidPipe } from '../http/uuid.pipe';
import { OrganisationWork } from '../http/organisation-work.decorator';
import { WEBHOOK_CALLBACKS } from '../openapi/webhook-callbacks';

@ApiTags('webhook-subscriptions')
@OrganisationWork()
@Controller('webhook-subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: "List the organisation's webhook subscriptions (leads and admins)" })
  @ApiPageResponse(WebhookSubscriptionDto)
  list(@Actor() actor: Principal, @Query() paging: PageQueryDto) {
    return this.subscriptions.list(actor, paging);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a webhook subscription' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.subscriptions.get(actor, id);
  }

  @Post()
  // The signing secret is in this answer: no cache on the way may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Subscribe a URL to events; the signing secret is in this response only',
    description:
      'Each event is POSTed to the URL as signed JSON {id, event, occurredAt, data}; the callbacks give ' +
      "each event's body (components *Webhook: AgendaPublishedWebhook, SessionReminderWebhook, …).",
    callbacks: WEBHOOK_CALLBACKS,
  })
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionDto })
  create(@Actor() actor: Principal, @Body() dto: CreateWebhookSubscriptionDto) {
    return this.subscriptions.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, events, secret or whether it is active' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  update(
    @Actor() actor: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateWebhookSubscriptionDto,
  ) {
    return this.subscriptions.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a subscription; what was still to be sent to it is cancelled' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.subscriptions.remove(actor, id);
  }
}
