import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChainEntity } from '../governance/chain.entity';
import { OrganisationEntity } from '../governance/organisation.entity';
import { QuarterCloseService } from './quarter-close.service';
import { QuarterFiguresService } from './quarter-figures.service';
import { QuarterlyReportsService } from './quarterly-reports.service';
import { ReportScopeService } from './report-scope.service';
import { ReportSnapshotEntity } from './report-snapshot.entity';
import { ReportSnapshotsService } from './report-snapshots.service';

const services = [
  ReportScopeService,
  QuarterFiguresService,
  QuarterlyReportsService,
  ReportSnapshotsService,
  QuarterCloseService,
];

/** Quarterly reports, their frozen snapshots and the quarter close (run by the worker). */
@Module({
  // Organisations and chains are read here too; listed so the worker needs no governance module.
  imports: [TypeOrmModule.forFeature([ReportSnapshotEntity, OrganisationEntity, ChainEntity])],
  providers: services,
  exports: services,
})
export class ReportsModule {}
