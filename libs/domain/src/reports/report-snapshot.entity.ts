import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { SnapshotReason } from './snapshot-reason';

/**
 * The figures of a quarter, frozen. Immutable (a database trigger refuses updates and deletes):
 * regenerating makes a new snapshot and keeps the old one.
 */
@Entity({ name: 'report_snapshots' })
export class ReportSnapshotEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'uuid', nullable: true }) chainId!: string | null;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'smallint' }) quarter!: number;
  /** The whole report as it was served (with the previous quarter), in JSON form. */
  @Column({ type: 'jsonb' }) figures!: QuarterlyReportDto;
  @Column({ type: 'timestamptz' }) generatedAt!: Date;
  /** The moment the data was read: every change committed before it is in the figures. */
  @Column({ type: 'timestamptz' }) dataAsOf!: Date;
  @Column({ type: 'uuid', nullable: true }) generatedById!: string | null;
  @Column({ type: 'varchar' }) reason!: SnapshotReason;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @VersionColumn() version!: number;
}
