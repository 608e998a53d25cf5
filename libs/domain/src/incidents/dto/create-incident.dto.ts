import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';
import { CauseLevel } from '../cause-level';
import { Confidentiality } from '../confidentiality';
import { IncidentSource } from '../incident-source';
import { IsTagList } from '../is-tag-list.validator';
import { PublicAttention } from '../public-attention';
import { Severity } from '../severity';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class CreateIncidentDto {
  @ApiProperty({ format: 'uuid', description: 'A chain of your organisation' })
  @IsUUID()
  chainId!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The reporting team' })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @ApiProperty({ maxLength: 300, example: 'Kinderopvangtoeslag te laat uitbetaald' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 20000, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'When it happened (RFC 3339 with offset); not in the future, nor before 1900 (up to five minutes ahead, a ' +
      'clock running fast, is taken as the moment of the report)',
    example: '2026-03-02T09:00:00+01:00',
  })
  @IsDateTime()
  occurredAt!: string;

  @ApiProperty({ enum: Severity })
  @IsEnum(Severity)
  severity!: Severity;

  @ApiProperty({ enum: PublicAttention })
  @IsEnum(PublicAttention)
  publicAttention!: PublicAttention;

  @ApiProperty({ enum: IncidentSource })
  @IsEnum(IncidentSource)
  source!: IncidentSource;

  @ApiPropertyOptional({ enum: CauseLevel, nullable: true, description: 'Where the fix lies, once known' })
  @IsOptional()
  @IsEnum(CauseLevel)
  causeLevel?: CauseLevel | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description:
      'Words of letters (any script) and digits, stored lower case with spaces as hyphens and ' +
      'compatibility forms (a ligature, full-width letters) as the plain characters; ' +
      'at most 50 characters each; duplicates are dropped',
    example: ['toeslagen', 'betaalbatch'],
  })
  @IsOptional()
  @IsTagList()
  tags?: string[];

  @ApiPropertyOptional({
    enum: Confidentiality,
    default: Confidentiality.Internal,
    description:
      'A confidential incident is visible only to its reporter, the chain triangle, leads and admins',
  })
  @IsOptional()
  @IsEnum(Confidentiality)
  confidentiality?: Confidentiality;
}
