import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';

/** A long-term subject leadership keeps returning to (lange-termijnthema). */
@Entity({ name: 'themes' })
export class ThemeEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column() title!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'uuid' }) ownerId!: string;
  @Column({ default: true }) active!: boolean;
  /** When a held session last discussed it; the agenda puts the least recently discussed first. */
  @Column({ type: 'timestamptz', nullable: true }) lastDiscussedAt!: Date | null;
}
