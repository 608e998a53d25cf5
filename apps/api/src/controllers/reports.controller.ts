import type { Principal } from '@app/domain/access/principal';
import { CreateReportSnapshotDto } from '@app/domain/reports/dto/create-report-snapshot.dto';
import { QuarterlyReportQueryDto } from '@app/domain/reports/dto/quarterly-report-query.dto';
import { QuarterlyReportDto } from '@app/domain/reports/dto/quarterly-report.dto';
import { ReportFormatQueryDto } from '@app/domain/reports/dto/report-format-query.dto';
import { ReportSnapshotQueryDto } from '@app/domain/reports/dto/report-snapshot-query.dto';
import { ReportSnapshotSummaryDto } from '@app/domain/reports/dto/report-snapshot-summary.dto';
import { ReportSnapshotDto } from '@app/domain/reports/dto/report-snapshot.dto';
import { QuarterlyReportsService } from '@app/domain/reports/quarterly-reports.service';
import { ReportFormat } from '@app/domain/reports/report-format';
import { ReportSnapshotsService } from '@app/domain/reports/report-snapshots.service';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../http/actor.decorator';
import { ApiPageResponse } from '../http/api-page-response.decorator';
import { ApiReportResponse } from '../http/api-report-response.decorator';
import { ReportFormatParam } from '../http/report-format.decorator';
import { sendRendered } from '../http/send-rendered';
import { UuidPipe } from '../http/uuid.pipe';
import { OrganisationWork } from '../http/organisation-work.decorator';

@ApiTags('reports')
@OrganisationWork()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: QuarterlyReportsService,
    private readonly snapshots: ReportSnapshotsService,
  ) {}

  @Get('quarterly')
  @ApiOperation({
    summary: 'The quarterly report of your organisation or one chain (leads and admins)',
    description:
      'Figures of one quarter in Dutch local time (Q1 = 1 January 00:00 up to 1 April 00:00 ' +
      'Europe/Amsterdam) and the same figures for the quarter before, computed live. Every record ' +
      'counts in the quarter of the event counted; each figure is defined in the schema. ' +
      'Confidential incidents count but no incident text is ever included.',
  })
  @ApiReportResponse(QuarterlyReportDto, 'The report')
  async quarterly(
    @Actor() actor: Principal,
    @Query() query: QuarterlyReportQueryDto,
    @ReportFormatParam() format: ReportFormat,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendRendered(res, await this.reports.render(actor, query, format));
  }

  @Post('quarterly-snapshots')
  @ApiOperation({
    summary: 'Freeze the report of a closed quarter (leads and admins)',
    description:
      'Only a quarter that has ended can be frozen (409 otherwise). Snapshots never change: ' +
      'freezing again makes a new snapshot and keeps the old one.',
  })
  @ApiCreatedResponse({ type: ReportSnapshotDto })
  create(@Actor() actor: Principal, @Body() dto: CreateReportSnapshotDto) {
    return this.snapshots.create(actor, dto);
  }

  @Get('quarterly-snapshots')
  @ApiOperation({ summary: 'List frozen quarterly reports, newest quarter first (leads and admins)' })
  @ApiPageResponse(ReportSnapshotSummaryDto)
  list(@Actor() actor: Principal, @Query() query: ReportSnapshotQueryDto) {
    return this.snapshots.list(actor, query);
  }

  @Get('quarterly-snapshots/:id')
  @ApiOperation({
    summary: 'A frozen quarterly report (leads and admins)',
    description: 'JSON is the snapshot with its figures; CSV and HTML render the frozen figures.',
  })
  @ApiReportResponse(ReportSnapshotDto, 'The snapshot')
  async get(
    @Actor() actor: Principal,
    @Param('id', UuidPipe) id: string,
    @Query() _query: ReportFormatQueryDto,
    @ReportFormatParam() format: ReportFormat,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendRendered(res, await this.snapshots.render(actor, id, format));
  }
}
