import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { NotificationChannel } from './notification-channel';
import { NotificationStatus } from './notification-status';

/**
 * A message the system intends to send: the outbox row written with its cause, and the
 * delivery log users inspect. The BullMQ job id is this row's id.
 */
@Entity({ name: 'notifications' })
export class NotificationEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid', nullable: true }) recipientId!: string | null;
  @Column({ type: 'uuid', nullable: true }) webhookSubscriptionId!: string | null;
  @Column({ type: 'varchar' }) channel!: NotificationChannel;
  /** E-mail address or webhook URL at the time of writing. */
  @Column() target!: string;
  /** agenda, session-reminder, outcome-request, reflection-escalation, action-reminder, ... */
  @Column() kind!: string;
  @Column() subjectType!: string;
  @Column({ type: 'uuid' }) subjectId!: string;
  @Column({ type: 'timestamptz' }) dueAt!: Date;
  @Column() dedupeKey!: string;
  @Column({ type: 'varchar' }) status!: NotificationStatus;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @Column({ type: 'int', default: 5 }) maxAttempts!: number;
  /** The error of the last failed delivery attempt (never why it was cancelled). */
  @Column({ type: 'text', nullable: true }) lastError!: string | null;
  /** Why the system cancelled it ("the session is held"); cleared when it is planned again or goes. */
  @Column({ type: 'text', nullable: true }) cancelReason!: string | null;
  /** A delivery in progress holds the row until then; a crashed worker's claim expires. */
  @Column({ type: 'timestamptz', nullable: true }) claimedUntil!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) payload!: Record<string, unknown>;
}
