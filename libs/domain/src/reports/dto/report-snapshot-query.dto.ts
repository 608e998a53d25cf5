import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { SnapshotReason } from '../snapshot-reason';

export class ReportSnapshotQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'System administrator only; others see their own organisation',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 4 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only snapshots of this chain' })
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @ApiPropertyOptional({ enum: SnapshotReason })
  @IsOptional()
  @IsEnum(SnapshotReason)
  reason?: SnapshotReason;
}
