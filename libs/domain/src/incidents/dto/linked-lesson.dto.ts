import { ApiProperty } from '@nestjs/swagger';
import { LessonStatus } from '../../lessons/lesson-status';

/** A lesson as shown on the item it was drawn from. */
export class LinkedLessonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: LessonStatus }) status!: LessonStatus;
}
