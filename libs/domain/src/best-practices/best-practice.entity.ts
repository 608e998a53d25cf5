import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { BestPracticeStatus } from './best-practice-status';

/** An approach that proved to work, to be adopted elsewhere (goede praktijk). */
@Entity({ name: 'best_practices' })
export class BestPracticeEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid', nullable: true }) chainId!: string | null;
  @Column({ type: 'uuid', nullable: true }) teamId!: string | null;
  @Column() title!: string;
  @Column({ type: 'text' }) context!: string;
  @Column({ type: 'text' }) practice!: string;
  @Column({ type: 'text' }) evidence!: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) tags!: string[];
  @Column({ type: 'varchar' }) status!: BestPracticeStatus;
  @Column({ type: 'uuid' }) proposedById!: string;
  @Column({ type: 'timestamptz', nullable: true }) endorsedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) endorsedById!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) adoptedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}
