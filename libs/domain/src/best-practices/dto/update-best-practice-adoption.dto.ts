import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';

/**
 * Only the result, which is usually known some time after the adoption. The team and the moment
 * are not changed here: `adoptedAt` decides the best practice's own `adoptedAt` (and the quarter a
 * report counts it in); to correct either, the adoption is deleted and recorded anew.
 */
export class UpdateBestPracticeAdoptionDto extends VersionDto {
  @ApiPropertyOptional({ maxLength: 20000, description: 'What adopting it brought; may be emptied' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  result?: string;
}
