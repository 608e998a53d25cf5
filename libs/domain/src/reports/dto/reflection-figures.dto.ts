import { ApiProperty } from '@nestjs/swagger';

const SCHEDULED =
  'Reflection sessions scheduled in the quarter (scheduledAt) that had begun by the moment of the report ' +
  '(of a quarter not over yet: those so far)';

export class ReflectionFiguresDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: `${SCHEDULED}, whatever became of them; a postponed session and its replacement both count.`,
  })
  planned!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: `${SCHEDULED} that were held.` })
  held!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: `${SCHEDULED} that were postponed.` })
  postponed!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: `${SCHEDULED} that were cancelled.` })
  cancelled!: number;

  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'held / planned, rounded to 4 decimals; null when no session was planned (or began yet).',
  })
  protectedTimeRatio!: number | null;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Sum of the timeboxes (minutes) of the agenda items of the sessions held in the quarter; items ' +
      'dropped or carried over to a later session are not counted.',
  })
  agendaMinutes!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'The part of agendaMinutes on learning items (themes, lessons, best practices, re-checks).',
  })
  learningMinutes!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    description:
      'The part of agendaMinutes on long-term themes (agenda items of kind `theme`); null in snapshots ' +
      'frozen before this figure existed.',
  })
  themeMinutes!: number | null;

  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 1,
    description:
      'learningMinutes / agendaMinutes, rounded to 4 decimals; null when no agenda time was recorded.',
  })
  learningShareOfAgendaTime!: number | null;

  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 1,
    description:
      'themeMinutes / agendaMinutes: the share of agendaMinutes that went to long-term themes (the same ' +
      'held sessions and items as agendaMinutes), rounded to 4 decimals; null when no agenda time was ' +
      'recorded, and in snapshots frozen before this figure existed.',
  })
  themeShareOfAgendaTime!: number | null;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Escalations that reflection is being crowded out, due in the quarter: notifications of kind ' +
      '`reflection-escalation` (not cancelled) with dueAt in the quarter, counted once per escalation ' +
      'however many people received it — the distinct dedupe keys without their last `:`-segment ' +
      '(the recipient), i.e. once per series and session.',
  })
  escalations!: number;
}
