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

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @IsOptional()
  @IsCalendarDate()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsCalendarDate()
  validTo?: string | null;
}
