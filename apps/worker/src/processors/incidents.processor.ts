import { ReporterSightCheck } from '@app/domain/incidents/reporter-sight-check.service';
import { JobName, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

/** The incident register's periodic job; idempotent (a day is checked once), so a rerun is harmless. */
@Injectable()
export class IncidentsProcessor {
  constructor(private readonly reporterSight: ReporterSightCheck) {}

  @OnJob(JobName.RecheckReporterSight)
  recheckReporterSight() {
    return this.reporterSight.run();
  }
}
