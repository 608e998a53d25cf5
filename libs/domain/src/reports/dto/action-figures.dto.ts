import { ApiProperty } from '@nestjs/swagger';
import { AddressedRole } from '../../lessons/addressed-role';
import { enumCountsDto } from './enum-counts.dto';

const ActionRoleCounts = enumCountsDto('ActionRoleCounts', [...Object.values(AddressedRole), 'unknown']);

export class ActionFiguresDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Actions created in the quarter (createdAt).' })
  created!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Actions completed in the quarter (completedAt).',
  })
  done!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Of the actions completed in the quarter, those completed on or before their dueDate (the Dutch ' +
      'local date of completedAt is not after dueDate).',
  })
  doneOnTime!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Actions still open on the last day of the quarter (created before the quarter ended, not ' +
      'completed or cancelled before it ended) whose dueDate, as it was when the quarter ended, is ' +
      'before that last day: a due date moved after the quarter ended, later or earlier, leaves the ' +
      'figure as it was. For a quarter ' +
      'that has not ended yet: the actions overdue at the moment of the report (generatedAt; the data ' +
      'as of dataAsOf): open then (created before it, not completed or cancelled before it) and due ' +
      'before its Dutch local date, so an action due today is not yet overdue. 0 for a quarter that ' +
      'has not begun.',
  })
  overdueAtQuarterEnd!: number;

  @ApiProperty({
    type: ActionRoleCounts,
    description: 'Actions created in the quarter by addressed role; `unknown` when none is set.',
  })
  byAddressedRole!: Record<AddressedRole | 'unknown', number>;
}
