import { ApiProperty } from '@nestjs/swagger';
import { ReportSnapshotEntity } from '../report-snapshot.entity';
import { QuarterlyReportDto } from './quarterly-report.dto';
import { ReportSnapshotSummaryDto } from './report-snapshot-summary.dto';

/** A frozen quarterly report: the report exactly as it was when the snapshot was made. */
export class ReportSnapshotDto extends ReportSnapshotSummaryDto {
  @ApiProperty({ type: QuarterlyReportDto, description: 'The frozen report, previous quarter included' })
  figures!: QuarterlyReportDto;

  static override from(this: void, e: ReportSnapshotEntity): ReportSnapshotDto {
    return { ...ReportSnapshotSummaryDto.from(e), figures: e.figures };
  }
}
