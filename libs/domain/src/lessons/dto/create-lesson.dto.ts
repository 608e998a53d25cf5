import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AddressedRole } from '../addressed-role';
import { LessonSourceType } from '../lesson-source-type';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class CreateLessonDto {
  @ApiProperty({ enum: LessonSourceType, description: 'What the lesson was drawn from' })
  @IsEnum(LessonSourceType)
  sourceType!: LessonSourceType;

  @ApiProperty({ format: 'uuid', description: 'The incident, best practice or reflection session' })
  @IsUUID()
  sourceId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      "Defaults to the source's chain (a session's: its series'). While the lesson is in its source's " +
      'chain, it moves along when the source moves to another chain; given another chain, it stays there.',
  })
  @IsOptional()
  @IsUUID()
  chainId?: string | null;

  @ApiProperty({ maxLength: 300, example: 'Test de betaalbatch na elke wijziging in de keten' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'What happened', default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  observation?: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'Why it happened', default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  insight?: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'What to do differently', default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  recommendation?: string;

  @ApiProperty({ enum: AddressedRole, description: 'The triangle role the lesson is addressed to' })
  @IsEnum(AddressedRole)
  addressedRole!: AddressedRole;
}
