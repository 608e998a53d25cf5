import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { ChainRole } from './chain-role';

/** A person holding a triangle role in a chain for a period (dates inclusive; open-ended without validTo). */
@Entity({ name: 'role_assignments' })
export class RoleAssignmentEntity extends ResourceEntity {
  @Column({ type: 'uuid' })
  chainId!: string;

  @Column({ type: 'uuid' })
  personId!: string;

  @Column({ type: 'varchar' })
  role!: ChainRole;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date', nullable: true })
  validTo!: string | null;
}
