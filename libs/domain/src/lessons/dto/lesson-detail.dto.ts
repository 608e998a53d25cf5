import { ApiProperty } from '@nestjs/swagger';
import { LinkedActionDto } from '../../incidents/dto/linked-action.dto';
import { RECENT_RECHECKS } from '../recent-rechecks';
import { LessonRecheckDto } from './lesson-recheck.dto';
import { LessonSourceDto } from './lesson-source.dto';
import { LessonDto } from './lesson.dto';

/** One lesson with its source, its actions and its effectiveness re-checks. */
export class LessonDetailDto extends LessonDto {
  @ApiProperty({ type: LessonSourceDto }) source!: LessonSourceDto;
  @ApiProperty({ type: [LinkedActionDto] }) actions!: LinkedActionDto[];
  @ApiProperty({
    type: [LessonRecheckDto],
    description: `The ${RECENT_RECHECKS} most recent, most recent first; every one at GET /v1/lessons/{id}/rechecks`,
  })
  rechecks!: LessonRecheckDto[];
}
