import { QuarterCloseService } from '@app/domain/reports/quarter-close.service';
import { Clock } from '@app/domain/shared/clock';
import { JobName, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

/** Quarter close: idempotent (one quarter-close snapshot per organisation and quarter). */
@Injectable()
export class ReportsProcessor {
  constructor(
    private readonly quarterClose: QuarterCloseService,
    private readonly clock: Clock,
  ) {}

  @OnJob(JobName.CloseQuarter)
  closeQuarter() {
    return this.quarterClose.closeQuarter(this.clock.now());
  }
}
