import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../shared/is-date-time.validator';
import { ChainRole } from '../chain-role';

export class CreateRoleAssignmentDto {
  @ApiProperty({ enum: ChainRole })
  @IsEnum(ChainRole)
  role!: ChainRole;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today; from 1900 to ten years ahead' })
  @IsOptional()
  @IsCalendarDate()
  validFrom?: string;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The last day; at most ten years ahead (no known end: leave it out)',
  })
  @IsOptional()
  @IsCalendarDate()
  validTo?: string | null;
}
