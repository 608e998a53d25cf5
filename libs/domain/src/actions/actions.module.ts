import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentEntity } from '../incidents/incident.entity';
import { IncidentsModule } from '../incidents/incidents.module';
import { LessonEntity } from '../lessons/lesson.entity';
import { ReflectionSeriesEntity } from '../reflection/reflection-series.entity';
import { ReflectionSessionEntity } from '../reflection/reflection-session.entity';
import { ActionEntity } from './action.entity';
import { ActionReminderPlanner } from './action-reminder-planner.service';
import { ActionsService } from './actions.service';
import { EscalationRecipients } from './escalation-recipients.service';

const services = [ActionsService, ActionReminderPlanner, EscalationRecipients];

@Module({
  imports: [
    IncidentsModule,
    TypeOrmModule.forFeature([
      ActionEntity,
      LessonEntity,
      IncidentEntity,
      ReflectionSessionEntity,
      ReflectionSeriesEntity,
    ]),
  ],
  providers: services,
  exports: services,
})
export class ActionsModule {}
