import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';

@Entity({ name: 'teams' })
export class TeamEntity extends ResourceEntity {
  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column()
  name!: string;

  @Column({ type: 'varchar', nullable: true })
  description!: string | null;
}
