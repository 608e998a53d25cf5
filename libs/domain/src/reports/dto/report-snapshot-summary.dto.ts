import { ApiProperty } from '@nestjs/swagger';
import { ReportSnapshotEntity } from '../report-snapshot.entity';
import { SnapshotReason } from '../snapshot-reason';

/** A frozen quarterly report without its figures, as listed. */
export class ReportSnapshotSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) chainId!: string | null;
  @ApiProperty({ type: 'integer', example: 2026 }) year!: number;
  @ApiProperty({ type: 'integer', enum: [1, 2, 3, 4], example: 1 }) quarter!: number;
  @ApiProperty({ enum: SnapshotReason }) reason!: SnapshotReason;
  @ApiProperty({ format: 'date-time' }) generatedAt!: Date;
  @ApiProperty({
    format: 'date-time',
    description: 'The moment the data was read: every change committed before it is in the figures',
  })
  dataAsOf!: Date;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The lead who asked for it; null for the automatic quarter close',
  })
  generatedById!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Always 1: snapshots never change' })
  version!: number;

  static from(this: void, e: ReportSnapshotEntity): ReportSnapshotSummaryDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      chainId: e.chainId,
      year: e.year,
      quarter: e.quarter,
      reason: e.reason,
      generatedAt: e.generatedAt,
      dataAsOf: e.dataAsOf,
      generatedById: e.generatedById,
      createdAt: e.createdAt,
      version: e.version,
    };
  }
}
