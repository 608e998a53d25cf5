import { ApiProperty } from '@nestjs/swagger';
import { LinkedLessonDto } from './linked-lesson.dto';

/** An earlier incident that resembles this one, with its lessons. */
export class SimilarIncidentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) reportedAt!: Date;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'How much it resembles (0..1)', example: 0.42 })
  similarity!: number;
  @ApiProperty({ type: [LinkedLessonDto] }) lessons!: LinkedLessonDto[];
}
