import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../shared/is-date-time.validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';

/** Corrects the period of an assignment; ending a role is setting validTo. */
export class UpdateRoleAssignmentDto extends VersionDto {
  @ApiPropertyOptional({ format: 'date', description: 'From 1900 to ten years ahead' })
  @OptionalNotNull()
  @IsCalendarDate()
  validFrom?: string;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The last day; at most ten years ahead (null: no known end)',
  })
  @IsOptional()
  @IsCalendarDate()
  validTo?: string | null;
}
