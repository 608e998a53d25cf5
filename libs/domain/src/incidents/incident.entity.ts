import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { CauseLevel } from './cause-level';
import { Confidentiality } from './confidentiality';
import { IncidentSource } from './incident-source';
import { IncidentStatus } from './incident-status';
import { PublicAttention } from './public-attention';
import { Severity } from './severity';

/** Something that went wrong or signals a structural problem (signaal, incident, knelpunt). */
@Entity({ name: 'incidents' })
export class IncidentEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid' }) chainId!: string;
  @Column({ type: 'uuid', nullable: true }) teamId!: string | null;
  @Column() title!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'timestamptz' }) occurredAt!: Date;
  /** When it was registered; set by the system, decides the report quarter. */
  @Column({ type: 'timestamptz' }) reportedAt!: Date;
  @Column({ type: 'uuid' }) reportedById!: string;
  @Column({ type: 'varchar' }) severity!: Severity;
  @Column({ type: 'varchar' }) publicAttention!: PublicAttention;
  @Column({ type: 'varchar' }) source!: IncidentSource;
  @Column({ type: 'varchar', nullable: true }) causeLevel!: CauseLevel | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) tags!: string[];
  @Column({ type: 'varchar' }) confidentiality!: Confidentiality;
  @Column({ type: 'varchar' }) status!: IncidentStatus;
  /** Resembles an earlier incident whose lesson was validated or embedded: the lesson did not stick. */
  @Column({ default: false }) recurrence!: boolean;
  /** The earlier incident the flag rests on (not in the API): decided again when it is hidden. */
  @Column({ type: 'uuid', nullable: true }) recurrenceOf!: string | null;
  /**
   * The earlier incident the flag rested on until it was hidden (not in the API): decided again
   * when it is shown again.
   */
  @Column({ type: 'uuid', nullable: true }) recurrenceHiddenOf!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
}
