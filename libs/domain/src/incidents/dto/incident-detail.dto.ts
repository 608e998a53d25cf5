import { ApiProperty } from '@nestjs/swagger';
import { IncidentDto } from './incident.dto';
import { LinkedActionDto } from './linked-action.dto';
import { LinkedLessonDto } from './linked-lesson.dto';

/** One incident with the lessons drawn from it and the actions that follow from it or its lessons. */
export class IncidentDetailDto extends IncidentDto {
  @ApiProperty({ type: [LinkedLessonDto] }) lessons!: LinkedLessonDto[];
  @ApiProperty({ type: [LinkedActionDto] }) actions!: LinkedActionDto[];
}
