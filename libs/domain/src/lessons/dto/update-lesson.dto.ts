import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { AddressedRole } from '../addressed-role';
import { LessonResponse } from '../lesson-response';
import { LessonStatus } from '../lesson-status';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class UpdateLessonDto extends VersionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      "Put in its source's chain, the lesson moves along when the source moves to another chain; " +
      'put in another chain, it stays there. Its actions move with it.',
  })
  @IsOptional()
  @IsUUID()
  chainId?: string | null;

  @ApiPropertyOptional({ maxLength: 300 })
  @OptionalNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  observation?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  insight?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  recommendation?: string;

  @ApiPropertyOptional({ enum: AddressedRole })
  @OptionalNotNull()
  @IsEnum(AddressedRole)
  addressedRole?: AddressedRole;

  @ApiPropertyOptional({
    enum: LessonStatus,
    description:
      'Leads only. draft → validated (needs response and responseReason, and observation, insight and ' +
      'recommendation filled in: 400 naming each one missing) → embedded (needs evidence; not when the ' +
      'response is not-adopted: give another response while validated, or retire it) → retired; ' +
      'validated → retired. Other changes are 409 with allowedNextStates.',
  })
  @OptionalNotNull()
  @IsEnum(LessonStatus)
  status?: LessonStatus;

  @ApiPropertyOptional({ enum: LessonResponse, description: 'Leads only; given when validating' })
  @OptionalNotNull()
  @IsEnum(LessonResponse)
  response?: LessonResponse;

  @ApiPropertyOptional({ maxLength: 20000, description: 'Leads only; why this response' })
  @OptionalNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(20000)
  responseReason?: string;

  @ApiPropertyOptional({
    maxLength: 20000,
    description: 'Leads only; how it was embedded, given when embedding',
  })
  @OptionalNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(20000)
  evidence?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Leads only; when to check whether it stuck, at most ten years ahead. Defaults to six months after embedding',
  })
  @OptionalNotNull()
  @IsDateTime()
  recheckAt?: string;
}
