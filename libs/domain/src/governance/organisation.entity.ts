import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { OrganisationKind } from './organisation-kind';

@Entity({ name: 'organisations' })
export class OrganisationEntity extends ResourceEntity {
  @Column()
  name!: string;

  @Column({ type: 'varchar' })
  kind!: OrganisationKind;
}
