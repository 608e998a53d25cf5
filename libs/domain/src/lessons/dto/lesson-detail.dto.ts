import { ApiProperty } from '@nestjs/swagger';
import { LinkedActionDto } from '../../incidents/dto/linked-action.dto';
import { LessonRecheckDto } from './lesson-recheck.dto';
import { LessonSourceDto } from './lesson-source.dto';
import { LessonDto } from './lesson.dto';

/** One lesson with its source, its actions and its effectiveness re-checks. */
export class LessonDetailDto extends LessonDto {
  @ApiProperty({ type: LessonSourceDto }) source!: LessonSourceDto;
  @ApiProperty({ type: [LinkedActionDto] }) actions!: LinkedActionDto[];
  @ApiProperty({ type: [LessonRecheckDto], description: 'Most recent first' }) rechecks!: LessonRecheckDto[];
}
