import { ApiProperty } from '@nestjs/swagger';
import { LessonSourceType } from '../lesson-source-type';

/** What a lesson was drawn from. */
export class LessonSourceDto {
  @ApiProperty({ enum: LessonSourceType }) type!: LessonSourceType;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'For a reflection session: the series title and the date of the session' })
  title!: string;
}
