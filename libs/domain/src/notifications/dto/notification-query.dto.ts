import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { IsPeriodBound } from '../../incidents/is-period-bound.validator';
import { IsAfter } from '../../shared/is-after.validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { NotificationChannel } from '../notification-channel';
import { NotificationKind } from '../notification-kind';
import { NotificationSort } from '../notification-sort';
import { NotificationStatus } from '../notification-status';
import { NotificationSubjectType } from '../notification-subject-type';
import { WebhookEventType } from '../webhook-event-type';

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Your own organisation (another finds nothing)' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @IsEnumListFilter(NotificationStatus)
  status?: NotificationStatus[];

  @IsEnumListFilter(
    [...Object.values(NotificationKind), ...Object.values(WebhookEventType)],
    "An e-mail's kind, or a webhook's event",
  )
  kind?: string[];

  @IsEnumListFilter(NotificationChannel)
  channel?: NotificationChannel[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  recipientId?: string;

  @IsEnumListFilter(NotificationSubjectType)
  subjectType?: NotificationSubjectType[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Due from this date-time (inclusive), or from the start of this date in Europe/Amsterdam',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsPeriodBound()
  from?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Due before this date-time (exclusive), or up to and including this date',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsPeriodBound()
  @IsAfter('from')
  to?: string;

  @ApiPropertyOptional({
    enum: NotificationSort,
    default: NotificationSort.DueAtDesc,
    description:
      'The default lists what is planned furthest ahead first; -sentAt lists what went out last first, ' +
      'then what was not sent (latest due first)',
  })
  @IsOptional()
  @IsEnum(NotificationSort)
  sort?: NotificationSort;
}
