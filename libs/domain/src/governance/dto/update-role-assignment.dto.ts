import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../shared/is-date-time.validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';

/** Corrects the period of an assignment; ending a role is setting validTo. */
export class UpdateRoleAssignmentDto extends VersionDto {
  @ApiPropertyOptional({ format: 'date' })
  @OptionalNotNull()
  @IsCalendarDate()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsCalendarDate()
  validTo?: string | null;
}
