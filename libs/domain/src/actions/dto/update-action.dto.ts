import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AddressedRole } from '../../lessons/addressed-role';
import { IsCalendarDate } from '../../shared/is-date-time.validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { ActionStatus } from '../action-status';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class UpdateActionDto extends VersionDto {
  @ApiPropertyOptional({ maxLength: 5000 })
  @OptionalNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'A new due date: not more than a year ago, nor more than ten years ahead',
  })
  @OptionalNotNull()
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ enum: AddressedRole, nullable: true })
  @IsOptional()
  @IsEnum(AddressedRole)
  addressedRole?: AddressedRole | null;

  @ApiPropertyOptional({
    enum: ActionStatus,
    description: 'open → done | cancelled; both are final (409 with allowedNextStates otherwise)',
  })
  @OptionalNotNull()
  @IsEnum(ActionStatus)
  status?: ActionStatus;
}
