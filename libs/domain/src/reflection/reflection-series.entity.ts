import { Column, Entity, JoinTable, ManyToMany } from 'typeorm';
import { PersonEntity } from '../governance/person.entity';
import { ResourceEntity } from '../shared/resource.entity';
import { SeriesKind } from './series-kind';

/** A recurring reflection slot (reeks): an RRULE in a time zone, with its participants. */
@Entity({ name: 'reflection_series' })
export class ReflectionSeriesEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid', nullable: true }) chainId!: string | null;
  @Column() title!: string;
  @Column({ type: 'varchar' }) kind!: SeriesKind;
  @Column({ type: 'uuid' }) chairId!: string;
  /** RFC 5545 RRULE without DTSTART, e.g. FREQ=MONTHLY;BYDAY=1TU. */
  @Column() rrule!: string;
  /** The first occurrence; its wall-clock time in timeZone is kept for every occurrence. */
  @Column({ type: 'timestamptz' }) firstStart!: Date;
  @Column() timeZone!: string;
  @Column({ type: 'int' }) durationMinutes!: number;
  /** ISO 8601 duration before the start at which the agenda is compiled and sent. */
  @Column() agendaLeadTime!: string;
  /** ISO 8601 durations before the start at which reminders go out. */
  @Column({ type: 'text', array: true }) reminderOffsets!: string[];
  @Column({
    type: 'numeric',
    precision: 4,
    scale: 3,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  protectedShare!: number;
  @Column({ type: 'varchar', nullable: true }) location!: string | null;
  @Column({ type: 'varchar', nullable: true }) meetingUrl!: string | null;
  @Column({ default: true }) skipPublicHolidays!: boolean;
  /** Sessions exist up to here; a daily job moves it forward (rolling horizon). */
  @Column({ type: 'timestamptz', nullable: true }) materialisedUntil!: Date | null;
  @Column({ default: true }) active!: boolean;

  @ManyToMany(() => PersonEntity)
  @JoinTable({
    name: 'reflection_series_participants',
    joinColumn: { name: 'series_id' },
    inverseJoinColumn: { name: 'person_id' },
  })
  participants!: PersonEntity[];
}
