import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { NotificationChannel } from '../notification-channel';
import { NotificationKind } from '../notification-kind';
import { NotificationStatus } from '../notification-status';
import { NotificationSubjectType } from '../notification-subject-type';
import { NotificationEntity } from '../notification.entity';
import { WebhookEventType } from '../webhook-event-type';

/** One entry of the delivery log: a message the system intends to send or has sent. */
export class NotificationDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) recipientId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) webhookSubscriptionId!: string | null;
  @ApiProperty({ enum: NotificationChannel }) channel!: NotificationChannel;
  @ApiProperty({ description: 'E-mail address or webhook URL at the time of planning' }) target!: string;
  @ApiProperty({
    enum: [...Object.values(NotificationKind), ...Object.values(WebhookEventType)],
    description: "An e-mail's kind, or a webhook's event",
    example: 'session-reminder',
  })
  kind!: string;
  @ApiProperty({ enum: NotificationSubjectType, example: 'reflection-session' }) subjectType!: string;
  @ApiProperty({ format: 'uuid' }) subjectId!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: Date;
  @ApiProperty({
    description:
      'What the message is for, unique in the log: planning it again (a retry, a replan) finds this entry instead of sending twice',
    example:
      'action:ed2a75b4-5706-4f13-9f38-ae3f69d53072:reminder:2026-12-21:6b45bcca-9bcb-47b3-95f2-d0c1f6401659',
  })
  dedupeKey!: string;
  @ApiProperty({ enum: NotificationStatus }) status!: NotificationStatus;
  @ApiProperty({ type: 'integer', minimum: 0 }) attempts!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) maxAttempts!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The error of the last failed delivery attempt (kept when the message is cancelled or planned again ' +
      'afterwards, cleared when it is sent); why the system cancelled it is `cancelReason`',
    example: 'SMTP 451 4.3.0 Mail server temporarily rejected message',
  })
  lastError!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Why the system cancelled the message (status `cancelled`): the session is held, cancelled or moved, ' +
      'the recipient left, the webhook subscription was deleted, ... `null` for a message not cancelled, ' +
      'and again when a cancelled one is planned again',
    example: 'the session has moved',
  })
  cancelReason!: string | null;
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
      dedupeKey: e.dedupeKey,
      status: e.status,
      attempts: e.attempts,
      maxAttempts: e.maxAttempts,
      lastError: e.lastError,
      cancelReason: e.cancelReason,
      sentAt: e.sentAt,
      ...resourceStamps(e),
    };
  }
}
