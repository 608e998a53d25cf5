import { ApiProperty } from '@nestjs/swagger';
import { ActionFiguresDto } from './action-figures.dto';
import { BestPracticeFiguresDto } from './best-practice-figures.dto';
import { ChainTriangleDto } from './chain-triangle.dto';
import { IncidentFiguresDto } from './incident-figures.dto';
import { LearningFiguresDto } from './learning-figures.dto';
import { LessonFiguresDto } from './lesson-figures.dto';
import { ReflectionFiguresDto } from './reflection-figures.dto';

/**
 * The figures of one quarter. Every record counts in the quarter in which the event counted
 * happened, in Dutch local time (Europe/Amsterdam).
 */
export class QuarterFiguresDto {
  @ApiProperty({ type: 'integer', example: 2026 }) year!: number;
  @ApiProperty({ type: 'integer', enum: [1, 2, 3, 4], example: 1 }) quarter!: number;
  @ApiProperty({
    format: 'date-time',
    example: '2026-01-01T00:00:00+01:00',
    description: 'First instant of the quarter (local midnight), inclusive',
  })
  startsAt!: string;
  @ApiProperty({
    format: 'date-time',
    example: '2026-04-01T00:00:00+02:00',
    description: 'First instant after the quarter, exclusive',
  })
  endsAt!: string;
  @ApiProperty({
    format: 'date',
    example: '2026-03-31',
    description:
      'Last local day of the quarter: the day triangles and overdue actions are judged on. A quarter ' +
      'under way is judged as of generatedAt instead: its triangles on that day, its actions overdue then',
  })
  lastDay!: string;

  @ApiProperty({ type: IncidentFiguresDto }) incidents!: IncidentFiguresDto;
  @ApiProperty({ type: LearningFiguresDto, description: 'How the incidents of the quarter led to lessons' })
  learning!: LearningFiguresDto;
  @ApiProperty({ type: LessonFiguresDto }) lessons!: LessonFiguresDto;
  @ApiProperty({ type: BestPracticeFiguresDto }) bestPractices!: BestPracticeFiguresDto;
  @ApiProperty({ type: ActionFiguresDto }) actions!: ActionFiguresDto;
  @ApiProperty({ type: ReflectionFiguresDto }) reflection!: ReflectionFiguresDto;
  @ApiProperty({
    type: [ChainTriangleDto],
    description:
      'Triangle health of each chain that existed at the end of the quarter, by name (of a quarter under ' +
      'way: as of generatedAt)',
  })
  triangles!: ChainTriangleDto[];
}
