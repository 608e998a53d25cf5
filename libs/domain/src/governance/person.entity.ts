import { Column, Entity, JoinTable, ManyToMany } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { ResourceEntity } from '../shared/resource.entity';
import { Locale } from './locale';
import { TeamEntity } from './team.entity';

@Entity({ name: 'people' })
export class PersonEntity extends ResourceEntity {
  /** Null only for the system administrator. */
  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column()
  name!: string;

  @Column()
  email!: string;

  @Column({ type: 'varchar' })
  accessRole!: AccessRole;

  @Column({ type: 'varchar', default: Locale.Nl })
  locale!: Locale;

  @Column({ default: false })
  systemAdmin!: boolean;

  /** False for someone who left: no sign-in, no messages, not given new work; their history stays. */
  @Column({ default: true })
  active!: boolean;

  /** Part of the calendar feed token; raised to revoke the feed URL (see calendar-feed-token.ts). */
  @Column({ type: 'int', default: 1, select: true })
  calendarFeedVersion!: number;

  @ManyToMany(() => TeamEntity)
  @JoinTable({
    name: 'person_teams',
    joinColumn: { name: 'person_id' },
    inverseJoinColumn: { name: 'team_id' },
  })
  teams!: TeamEntity[];
}
