import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';
import { AgendaItemKind } from './agenda-item-kind';
import { AgendaItemStatus } from './agenda-item-status';

/** An item on a session's agenda, or waiting in its series' backlog (sessionId null). */
@Entity({ name: 'agenda_items' })
export class AgendaItemEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid' }) seriesId!: string;
  @Column({ type: 'uuid', nullable: true }) sessionId!: string | null;
  @Column({ type: 'varchar' }) kind!: AgendaItemKind;
  /** The theme, incident, lesson, best practice or action the item is about. */
  @Column({ type: 'uuid', nullable: true }) referenceId!: string | null;
  /** What the item shows: its own title, or a placeholder while its reference is confidential. */
  @Column() title!: string;
  /**
   * The item's own title (written by a lead, or taken from its reference), shown again when its
   * reference is no longer confidential (migration 1765030000000). Never read (select: false): it
   * may say what the placeholder hides. Set it to give the item a new title.
   */
  @Column({ type: 'varchar', select: false }) ownTitle?: string;
  @Column({ type: 'int' }) timeboxMinutes!: number;
  @Column({ type: 'int', nullable: true }) position!: number | null;
  @Column({ type: 'varchar' }) status!: AgendaItemStatus;
  /** Counts toward the protected share (themes, lessons, best practices, re-checks). */
  @Column({ default: false }) learning!: boolean;
  @Column({ type: 'varchar', default: 'manual' }) origin!: 'manual' | 'compiled';
  @Column({ type: 'int', default: 0 }) carryOverCount!: number;
  /** The session whose compilation last pushed this item back to the backlog. */
  @Column({ type: 'uuid', nullable: true }) carriedFromSessionId!: string | null;
  @Column({ type: 'uuid', nullable: true }) createdById!: string | null;
}
