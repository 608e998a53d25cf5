import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { RecheckOutcome } from './recheck-outcome';

/** One effectiveness re-check of an embedded lesson ("did it stick?"). */
@Entity({ name: 'lesson_rechecks' })
export class LessonRecheckEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) lessonId!: string;
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'timestamptz' }) checkedAt!: Date;
  @Column({ type: 'varchar' }) outcome!: RecheckOutcome;
  @Column({ type: 'text' }) note!: string;
  @Column({ type: 'uuid' }) checkedById!: string;
  /** The re-check date that was planned when this check was recorded; null when none was. */
  @Column({ type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  /** When the next check is due; null when no further check is planned. */
  @Column({ type: 'timestamptz', nullable: true }) nextRecheckAt!: Date | null;
}
