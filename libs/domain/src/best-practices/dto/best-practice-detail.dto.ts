import { ApiProperty } from '@nestjs/swagger';
import { BestPracticeAdoptionDto } from './best-practice-adoption.dto';
import { BestPracticeLessonDto } from './best-practice-lesson.dto';
import { BestPracticeDto } from './best-practice.dto';

/** One best practice with the lessons drawn from it and the teams that adopted it. */
export class BestPracticeDetailDto extends BestPracticeDto {
  @ApiProperty({ type: [BestPracticeLessonDto], description: 'Lessons drawn from it, oldest first' })
  lessons!: BestPracticeLessonDto[];

  @ApiProperty({ type: [BestPracticeAdoptionDto], description: 'Adoptions, most recent first' })
  adoptions!: BestPracticeAdoptionDto[];
}
