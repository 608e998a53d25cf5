import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { AddressedRole } from './addressed-role';
import { LessonResponse } from './lesson-response';
import { LessonSourceType } from './lesson-source-type';
import { LessonStatus } from './lesson-status';

/** A transferable insight drawn from an incident, a best practice or a reflection session. */
@Entity({ name: 'lessons' })
export class LessonEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid', nullable: true }) chainId!: string | null;
  @Column({ type: 'varchar' }) sourceType!: LessonSourceType;
  @Column({ type: 'uuid' }) sourceId!: string;
  @Column() title!: string;
  @Column({ type: 'text' }) observation!: string;
  @Column({ type: 'text' }) insight!: string;
  @Column({ type: 'text' }) recommendation!: string;
  @Column({ type: 'varchar' }) addressedRole!: AddressedRole;
  @Column({ type: 'varchar' }) status!: LessonStatus;
  @Column({ type: 'varchar', nullable: true }) response!: LessonResponse | null;
  @Column({ type: 'text', nullable: true }) responseReason!: string | null;
  @Column({ type: 'text', nullable: true }) evidence!: string | null;
  @Column({ type: 'uuid' }) drawnById!: string;
  @Column({ type: 'timestamptz', nullable: true }) validatedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) validatedById!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) embeddedAt!: Date | null;
  /** When the effectiveness re-check ("did it stick?") is due; set when embedded. */
  @Column({ type: 'timestamptz', nullable: true }) recheckAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) recheckedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}
