import { IsMailAddress } from '../is-mail-address.validator';
import { MAIL_ADDRESS_PATTERN } from '../mail-address-pattern';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { AccessRole } from '../../access/access-role';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { Locale } from '../locale';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { NormalisedName } from '../../shared/normalised-name';

export class UpdatePersonDto extends VersionDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @NormalisedName()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 320, pattern: MAIL_ADDRESS_PATTERN.source })
  @OptionalNotNull()
  @IsMailAddress()
  email?: string;

  @ApiPropertyOptional({ enum: AccessRole })
  @OptionalNotNull()
  @IsEnum(AccessRole)
  accessRole?: AccessRole;

  @ApiPropertyOptional({ enum: Locale })
  @OptionalNotNull()
  @IsEnum(Locale)
  locale?: Locale;

  @ApiPropertyOptional({
    description:
      'False when someone leaves: their API tokens stop working, messages not yet sent to them are ' +
      'cancelled, and nobody can give them new work; their history stays. Not for yourself or the last admin.',
  })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 50, uniqueItems: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  teamIds?: string[];
}
