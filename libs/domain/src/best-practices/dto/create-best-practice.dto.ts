import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsTagList } from '../../incidents/is-tag-list.validator';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class CreateBestPracticeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ maxLength: 300, example: 'Vaste belafspraak bij complexe aanvragen' })
  @IsString()
  @IsNotBlank()
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

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description:
      'Words of letters (any script) and digits, stored lower case with spaces as hyphens and ' +
      'compatibility forms (a ligature, full-width letters) as the plain characters; ' +
      'at most 50 characters each; duplicates are dropped',
    example: ['klantcontact'],
  })
  @IsOptional()
  @IsTagList()
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
