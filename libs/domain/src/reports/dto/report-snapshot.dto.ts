import { ApiProperty } from '@nestjs/swagger';
import { readFrozenReport } from '../read-frozen-report';
import { ReportSnapshotEntity } from '../report-snapshot.entity';
import { QuarterlyReportDto } from './quarterly-report.dto';
import { ReportSnapshotSummaryDto } from './report-snapshot-summary.dto';

/** A frozen quarterly report: the report exactly as it was when the snapshot was made. */
export class ReportSnapshotDto extends ReportSnapshotSummaryDto {
  @ApiProperty({
    type: QuarterlyReportDto,
    description:
      'The frozen report, previous quarter included; a figure added to the report after the snapshot ' +
      'was made is null',
  })
  figures!: QuarterlyReportDto;

  static override from(this: void, e: ReportSnapshotEntity): ReportSnapshotDto {
    return { ...ReportSnapshotSummaryDto.from(e), figures: readFrozenReport(e.figures) };
  }
}
