import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonEntity } from '../governance/person.entity';
import { TeamEntity } from '../governance/team.entity';
import { AgendaCandidates } from './agenda-candidates.service';
import { AgendaItemEntity } from './agenda-item.entity';
import { AgendaItemsService } from './agenda-items.service';
import { AgendaReferenceMask } from './agenda-reference-mask.service';
import { IncidentsModule } from '../incidents/incidents.module';
import { AgendaService } from './agenda.service';
import { EscalationService } from './escalation.service';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSeriesService } from './reflection-series.service';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { ReflectionSessionsService } from './reflection-sessions.service';
import { SessionNotifications } from './session-notifications.service';
import { SessionScheduler } from './session-scheduler.service';
import { SieveThreads } from './sieve-threads';

/**
 * The reflection loop. The worker calls SessionScheduler.extendHorizon (daily),
 * AgendaService.dispatchDueAgendas (every minute) and EscalationService.sweepEscalations (hourly).
 */
@Module({
  imports: [
    // Its ConfidentialityFilter: agenda items name confidential references only to who may see them.
    IncidentsModule,
    TypeOrmModule.forFeature([
      ReflectionSeriesEntity,
      ReflectionSessionEntity,
      AgendaItemEntity,
      // Participants are people (with teams): their metadata must be known wherever this module runs.
      PersonEntity,
      TeamEntity,
    ]),
  ],
  providers: [
    ReflectionSeriesService,
    ReflectionSessionsService,
    AgendaItemsService,
    AgendaService,
    AgendaCandidates,
    AgendaReferenceMask,
    EscalationService,
    SessionNotifications,
    SessionScheduler,
    // Its threads stop when the application closes.
    SieveThreads,
  ],
  exports: [
    ReflectionSeriesService,
    ReflectionSessionsService,
    AgendaItemsService,
    AgendaService,
    EscalationService,
    SessionScheduler,
  ],
})
export class ReflectionModule {}
