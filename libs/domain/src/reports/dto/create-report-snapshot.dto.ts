import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class CreateReportSnapshotDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Defaults to your own organisation',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4, example: 1 })
  @IsInt()
  @Min(1)
  @Max(4)
  quarter!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Freeze the report of one chain; null or left out: the whole organisation',
  })
  @IsOptional()
  @IsUUID()
  chainId?: string | null;
}
