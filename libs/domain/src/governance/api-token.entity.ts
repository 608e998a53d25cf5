import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { PersonEntity } from './person.entity';

/** An API token; only its SHA-256 hash is stored. */
@Entity({ name: 'api_tokens' })
export class ApiTokenEntity extends ResourceEntity {
  @Column({ type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column()
  name!: string;

  @Column({ type: 'char', length: 64, select: false })
  tokenHash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Configured as BOOTSTRAP_ADMIN_TOKEN (set only by SystemAdminService): a new value revokes it. */
  @Column({ default: false })
  bootstrap!: boolean;
}
