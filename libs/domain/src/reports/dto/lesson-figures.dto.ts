import { ApiProperty } from '@nestjs/swagger';
import { AddressedRole } from '../../lessons/addressed-role';
import { LessonResponse } from '../../lessons/lesson-response';
import { enumCountsDto } from './enum-counts.dto';

const AddressedRoleCounts = enumCountsDto('AddressedRoleCounts', Object.values(AddressedRole));
const LessonResponseCounts = enumCountsDto('LessonResponseCounts', [
  ...Object.values(LessonResponse),
  'unknown',
]);

export class LessonFiguresDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Lessons drawn in the quarter (createdAt in the quarter), from any source.',
  })
  drawn!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Lessons validated in the quarter (validatedAt).',
  })
  validated!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Lessons embedded in the quarter (embeddedAt).' })
  embedded!: number;

  @ApiProperty({ type: AddressedRoleCounts, description: 'Lessons drawn in the quarter by addressed role.' })
  byAddressedRole!: Record<AddressedRole, number>;

  @ApiProperty({
    type: LessonResponseCounts,
    description:
      "Lessons validated in the quarter by the organisation's response; `unknown` when none was recorded.",
  })
  byResponse!: Record<LessonResponse | 'unknown', number>;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Effectiveness re-checks ("did it stick?") falling due in the quarter, each once, by its ' +
      'planned date: those recorded, by the date that was planned then (dueAt of a re-check), also ' +
      'when recorded early or late; and the dates planned (recheckAt) that the lesson still had when ' +
      'their (Amsterdam) day ended, also when missed and moved afterwards, so moving a missed ' +
      're-check does not take it out of its quarter, and the current date while it has not come. A ' +
      'date moved away before it came, or set after it came, is not due by itself. One recorded with ' +
      'none planned (dueAt null) is done, not due. Re-checks, not lessons: a lesson re-checked early ' +
      'whose next re-check is planned in the same quarter counts twice.',
  })
  rechecksDue!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Effectiveness re-checks recorded in the quarter (checkedAt of each re-check).',
  })
  rechecksDone!: number;
}
