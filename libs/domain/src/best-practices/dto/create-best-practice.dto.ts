import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

export class CreateBestPracticeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ maxLength: 300, example: 'Vaste belafspraak bij complexe aanvragen' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 20000, default: '', description: 'The situation it worked in' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  context?: string;

  @ApiPropertyOptional({ maxLength: 20000, default: '', description: 'What was done' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  practice?: string;

  @ApiPropertyOptional({ maxLength: 20000, default: '', description: 'Why we know it works: the outcome' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  evidence?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20, example: ['klantcontact'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A chain it belongs to' })
  @IsOptional()
  @IsUUID()
  chainId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The team it comes from',
  })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;
}
