import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { NormalisedName } from '../../shared/normalised-name';

export class ChainQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Part of the name', maxLength: 200 })
  @IsOptional()
  @NormalisedName()
  @IsString()
  @MaxLength(200)
  name?: string;
}
