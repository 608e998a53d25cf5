import { ApiProperty } from '@nestjs/swagger';
import { ActionSourceType } from '../../actions/action-source-type';
import { ActionStatus } from '../../actions/action-status';

/** A follow-up action as shown on the incident or lesson it belongs to. */
export class LinkedActionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ActionStatus }) status!: ActionStatus;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ format: 'uuid' }) assigneeId!: string;
  @ApiProperty({
    enum: ActionSourceType,
    description: 'Whether it follows from this item or from one of its lessons',
  })
  sourceType!: ActionSourceType;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
}
