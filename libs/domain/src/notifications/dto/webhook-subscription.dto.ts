import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { WebhookEventType } from '../webhook-event-type';
import { WebhookSubscriptionEntity } from '../webhook-subscription.entity';

export class WebhookSubscriptionDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ enum: WebhookEventType, isArray: true }) events!: WebhookEventType[];
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdById!: string | null;

  static from(this: void, e: WebhookSubscriptionEntity): WebhookSubscriptionDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      url: e.url,
      events: e.events as WebhookEventType[],
      description: e.description,
      active: e.active,
      createdById: e.createdById,
      ...resourceStamps(e),
    };
  }
}
