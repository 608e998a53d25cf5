import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { FromDecimalDigits } from '../from-decimal-digits';
import { SnapshotReason } from '../snapshot-reason';

export class ReportSnapshotQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Your own organisation (another finds nothing)',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100 })
  @IsOptional()
  @FromDecimalDigits(4)
  @IsInt({ message: 'year must be written as four decimal digits, e.g. 2026' })
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 4 })
  @IsOptional()
  @FromDecimalDigits(1)
  @IsInt({ message: 'quarter must be written as one decimal digit, 1 to 4' })
  @Min(1)
  @Max(4)
  quarter?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only snapshots of this chain' })
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @IsEnumListFilter(SnapshotReason)
  reason?: SnapshotReason[];
}
