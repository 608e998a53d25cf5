import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AddressedRole } from '../../lessons/addressed-role';
import { IsCalendarDate } from '../../shared/is-date-time.validator';
import { ActionSourceType } from '../action-source-type';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class CreateActionDto {
  @ApiProperty({ enum: ActionSourceType, description: 'What the action follows up' })
  @IsEnum(ActionSourceType)
  sourceType!: ActionSourceType;

  @ApiProperty({ format: 'uuid', description: 'The lesson, incident or reflection session' })
  @IsUUID()
  sourceId!: string;

  @ApiProperty({ maxLength: 5000, example: 'Werkinstructie bezwaar WW aanpassen en teams instrueren' })
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ format: 'uuid', description: 'A person of the same organisation' })
  @IsUUID()
  assigneeId!: string;

  @ApiProperty({
    format: 'date',
    example: '2026-09-30',
    description: 'Not more than a year ago, nor more than ten years ahead',
  })
  @IsCalendarDate()
  dueDate!: string;

  @ApiPropertyOptional({
    enum: AddressedRole,
    nullable: true,
    description: "Defaults to the source lesson's addressed role",
  })
  @IsOptional()
  @IsEnum(AddressedRole)
  addressedRole?: AddressedRole | null;
}
