import { ApiProperty } from '@nestjs/swagger';
import { AddressedRole } from '../../lessons/addressed-role';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { ActionEntity } from '../action.entity';
import { ActionSourceType } from '../action-source-type';
import { ActionStatus } from '../action-status';

export class ActionDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "The source's chain" })
  chainId!: string | null;
  @ApiProperty({ enum: ActionSourceType }) sourceType!: ActionSourceType;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'uuid' }) assigneeId!: string;
  @ApiProperty({ enum: AddressedRole, nullable: true }) addressedRole!: AddressedRole | null;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ enum: ActionStatus }) status!: ActionStatus;
  @ApiProperty({ description: 'Open while its due date (a Dutch date) has passed' }) overdue!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt!: Date | null;
  @ApiProperty({ format: 'uuid' }) createdById!: string;

  /** `today` is the current Dutch date (YYYY-MM-DD), to say whether the action is overdue. */
  static from(this: void, e: ActionEntity, today: string): ActionDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      chainId: e.chainId,
      sourceType: e.sourceType,
      sourceId: e.sourceId,
      description: e.description,
      assigneeId: e.assigneeId,
      addressedRole: e.addressedRole,
      dueDate: e.dueDate,
      status: e.status,
      overdue: e.status === ActionStatus.Open && e.dueDate < today,
      completedAt: e.completedAt,
      cancelledAt: e.cancelledAt,
      createdById: e.createdById,
      ...resourceStamps(e),
    };
  }
}
