import { Column, Entity } from 'typeorm';
import { AddressedRole } from '../lessons/addressed-role';
import { ResourceEntity } from '../shared/resource.entity';
import { ActionSourceType } from './action-source-type';
import { ActionStatus } from './action-status';

/** A concrete follow-up (verbeteractie) with an assignee and a due date. */
@Entity({ name: 'actions' })
export class ActionEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid', nullable: true }) chainId!: string | null;
  @Column({ type: 'varchar' }) sourceType!: ActionSourceType;
  @Column({ type: 'uuid' }) sourceId!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'uuid' }) assigneeId!: string;
  /** Taken from the source lesson when there is one; used in reports. */
  @Column({ type: 'varchar', nullable: true }) addressedRole!: AddressedRole | null;
  /** A calendar date (YYYY-MM-DD). */
  @Column({ type: 'date' }) dueDate!: string;
  @Column({ type: 'varchar' }) status!: ActionStatus;
  @Column({ type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column({ type: 'uuid' }) createdById!: string;
}
