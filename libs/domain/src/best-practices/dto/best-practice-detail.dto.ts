import { ApiProperty } from '@nestjs/swagger';
import { BEST_PRACTICE_DETAIL_LIMIT } from '../best-practice-detail-limit';
import { BestPracticeAdoptionDto } from './best-practice-adoption.dto';
import { BestPracticeLessonDto } from './best-practice-lesson.dto';
import { BestPracticeDto } from './best-practice.dto';

/** One best practice with the lessons drawn from it and the teams that adopted it. */
export class BestPracticeDetailDto extends BestPracticeDto {
  @ApiProperty({
    type: [BestPracticeLessonDto],
    description: `Lessons drawn from it, oldest first (the first ${BEST_PRACTICE_DETAIL_LIMIT}; every one at GET /v1/lessons?sourceType=best-practice&sourceId={id})`,
  })
  lessons!: BestPracticeLessonDto[];

  @ApiProperty({
    type: [BestPracticeAdoptionDto],
    description: `Adoptions, most recent first (the first ${BEST_PRACTICE_DETAIL_LIMIT}; every one at GET /v1/best-practices/{id}/adoptions)`,
  })
  adoptions!: BestPracticeAdoptionDto[];
}
