import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';

/** A team that adopted a best practice, when, and with what result. */
@Entity({ name: 'best_practice_adoptions' })
export class BestPracticeAdoptionEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) bestPracticeId!: string;
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid' }) teamId!: string;
  @Column({ type: 'timestamptz' }) adoptedAt!: Date;
  @Column({ type: 'text' }) result!: string;
  @Column({ type: 'uuid' }) recordedById!: string;
}
