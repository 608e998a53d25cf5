import { ApiProperty } from '@nestjs/swagger';
import { PublicAttentionCounts } from './public-attention-counts.dto';
import { PublicAttention } from '../../incidents/public-attention';

const OF_QUARTER = 'Incidents registered in the quarter';

export class LearningFiguresDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      `${OF_QUARTER} with at least one lesson of the organisation drawn from them (any status, drawn ` +
      'up to dataAsOf).',
  })
  incidentsWithLesson!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: `${OF_QUARTER} with at least one lesson that was validated (up to dataAsOf).`,
  })
  incidentsWithValidatedLesson!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: `${OF_QUARTER} with at least one lesson that was embedded (up to dataAsOf).`,
  })
  incidentsWithEmbeddedLesson!: number;

  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 1,
    description:
      'incidentsWithLesson / incidents.total, between 0 and 1, rounded to 4 decimals; null when no ' +
      'incidents were registered in the quarter.',
  })
  learningRate!: number | null;

  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    description:
      `Median (percentile_cont 0.5) of the days, with fractions, from reportedAt of each of the ${OF_QUARTER.toLowerCase()} ` +
      'to the validatedAt of its first validated lesson, over those that have one; 2 decimals; null when none has.',
  })
  medianDaysToValidatedLesson!: number | null;

  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    description: 'As medianDaysToValidatedLesson, the 90th percentile (percentile_cont 0.9).',
  })
  p90DaysToValidatedLesson!: number | null;

  @ApiProperty({
    type: PublicAttentionCounts,
    description:
      `incidentsWithLesson per level of public attention (learning under pressure; ${OF_QUARTER.toLowerCase()} ` +
      'per level are incidents.byPublicAttention).',
  })
  incidentsWithLessonByPublicAttention!: Record<PublicAttention, number>;

  @ApiProperty({
    type: PublicAttentionCounts,
    description: 'incidentsWithValidatedLesson per level of public attention.',
  })
  incidentsWithValidatedLessonByPublicAttention!: Record<PublicAttention, number>;
}
