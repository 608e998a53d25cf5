import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { NotificationChannel } from '../notification-channel';
import { NotificationStatus } from '../notification-status';
import { NotificationEntity } from '../notification.entity';

/** One entry of the delivery log: a message the system intends to send or has sent. */
export class NotificationDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) recipientId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) webhookSubscriptionId!: string | null;
  @ApiProperty({ enum: NotificationChannel }) channel!: NotificationChannel;
  @ApiProperty({ description: 'E-mail address or webhook URL at the time of planning' }) target!: string;
  @ApiProperty({ example: 'session-reminder' }) kind!: string;
  @ApiProperty({ example: 'reflection-session' }) subjectType!: string;
  @ApiProperty({ format: 'uuid' }) subjectId!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: Date;
  @ApiProperty({ enum: NotificationStatus }) status!: NotificationStatus;
  @ApiProperty({ type: 'integer', minimum: 0 }) attempts!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) maxAttempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The error of the last failed attempt' })
  lastError!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt!: Date | null;

  static from(this: void, e: NotificationEntity): NotificationDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      recipientId: e.recipientId,
      webhookSubscriptionId: e.webhookSubscriptionId,
      channel: e.channel,
      target: e.target,
      kind: e.kind,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      dueAt: e.dueAt,
      status: e.status,
      attempts: e.attempts,
      maxAttempts: e.maxAttempts,
      lastError: e.lastError,
      sentAt: e.sentAt,
      ...resourceStamps(e),
    };
  }
}
