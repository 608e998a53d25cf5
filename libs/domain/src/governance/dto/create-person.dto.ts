import { IsMailAddress } from '../is-mail-address.validator';
import { MAIL_ADDRESS_PATTERN } from '../mail-address-pattern';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { AccessRole } from '../../access/access-role';
import { Locale } from '../locale';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { NormalisedName } from '../../shared/normalised-name';

export class CreatePersonDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ maxLength: 200 })
  @NormalisedName()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'email', maxLength: 320, pattern: MAIL_ADDRESS_PATTERN.source })
  @IsMailAddress()
  email!: string;

  @ApiProperty({ enum: AccessRole })
  @IsEnum(AccessRole)
  accessRole!: AccessRole;

  @ApiPropertyOptional({ enum: Locale, default: Locale.Nl })
  @IsOptional()
  @IsEnum(Locale)
  locale?: Locale;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 50, uniqueItems: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  teamIds?: string[];
}
