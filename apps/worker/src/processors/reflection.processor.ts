import { AgendaService } from '@app/domain/reflection/agenda.service';
import { EscalationService } from '@app/domain/reflection/escalation.service';
import { SessionScheduler } from '@app/domain/reflection/session-scheduler.service';
import { JobName, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

/** The reflection loop's periodic jobs; each is idempotent, so a rerun or a second replica is harmless. */
@Injectable()
export class ReflectionProcessor {
  constructor(
    private readonly scheduler: SessionScheduler,
    private readonly agendas: AgendaService,
    private readonly escalations: EscalationService,
  ) {}

  @OnJob(JobName.ExtendHorizon)
  extendHorizon() {
    return this.scheduler.extendHorizon();
  }

  @OnJob(JobName.DispatchAgendas)
  dispatchAgendas() {
    return this.agendas.dispatchDueAgendas();
  }

  @OnJob(JobName.SweepEscalations)
  sweepEscalations() {
    return this.escalations.sweepEscalations();
  }
}
