import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AuditAction } from './audit-action';

/** Who changed what, when, with before and after values. Append-only (enforced by a trigger). */
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column()
  entityType!: string;

  @Column({ type: 'uuid' })
  entityId!: string;

  @Column({ type: 'varchar' })
  action!: AuditAction;

  @Column({ type: 'jsonb' })
  changes!: Record<string, { from: unknown; to: unknown }>;

  @Column({ type: 'varchar', nullable: true })
  requestId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
