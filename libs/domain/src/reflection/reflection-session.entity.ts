import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { SessionStatus } from './session-status';

/** One occurrence of a series (reflectiesessie). */
@Entity({ name: 'reflection_sessions' })
export class ReflectionSessionEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) seriesId!: string;
  @Column({ type: 'uuid' }) organisationId!: string;
  /** The rule's occurrence this session stands for (stable when the session moves). */
  @Column({ type: 'timestamptz' }) occurrenceStart!: Date;
  @Column({ type: 'timestamptz' }) scheduledAt!: Date;
  @Column({ type: 'timestamptz' }) endsAt!: Date;
  /**
   * Since when the session has its time (made or moved then), or its agenda fell due at once by a
   * longer lead time: its agenda is not due before then (agendaDueAt). Null: no bound known.
   */
  @Column({ type: 'timestamptz', nullable: true }) scheduledSince!: Date | null;
  @Column({ type: 'varchar' }) status!: SessionStatus;
  /** Set on the session that replaces a postponed one. */
  @Column({ type: 'uuid', nullable: true }) rescheduledFromId!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) postponedTo!: Date | null;
  /** Why it was postponed or cancelled. */
  @Column({ type: 'text', nullable: true }) statusReason!: string | null;
  @Column({ type: 'text', nullable: true }) minutes!: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) decisions!: string[];
  @Column({ type: 'uuid', array: true, default: () => "'{}'" }) attendeeIds!: string[];
  @Column({ type: 'timestamptz', nullable: true }) agendaCompiledAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) agendaSentAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) outcomeRecordedAt!: Date | null;
  /**
   * The calendar event this session is (its UID): the first session's id for the sessions that
   * replace a postponed one, so that calendars move the meeting; null: its own id.
   */
  @Column({ type: 'uuid', nullable: true }) calendarUid!: string | null;
  /** The organizer its first invitation named, when not the sender (invited before 1764920000000). */
  @Column({ type: 'jsonb', nullable: true }) calendarOrganizer!: { name: string; email: string } | null;
  /** iCalendar SEQUENCE: rises with every change a calendar must pick up. */
  @Column({ type: 'int', default: 0 }) icalSequence!: number;
}
