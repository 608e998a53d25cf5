import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';

/** A policy-implementation chain (beleidsketen) with its own triangle. */
@Entity({ name: 'chains' })
export class ChainEntity extends ResourceEntity {
  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column()
  name!: string;

  @Column({ type: 'varchar', nullable: true })
  description!: string | null;
}
