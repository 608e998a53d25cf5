import { ActionEntity } from './actions/action.entity';
import { AuditEventEntity } from './audit/audit-event.entity';
import { BestPracticeAdoptionEntity } from './best-practices/best-practice-adoption.entity';
import { BestPracticeEntity } from './best-practices/best-practice.entity';
import { ApiTokenEntity } from './governance/api-token.entity';
import { ChainEntity } from './governance/chain.entity';
import { OrganisationEntity } from './governance/organisation.entity';
import { PersonEntity } from './governance/person.entity';
import { RoleAssignmentEntity } from './governance/role-assignment.entity';
import { TeamEntity } from './governance/team.entity';
import { IncidentEntity } from './incidents/incident.entity';
import { LessonRecheckEntity } from './lessons/lesson-recheck.entity';
import { LessonEntity } from './lessons/lesson.entity';
import { NotificationEntity } from './notifications/notification.entity';
import { WebhookSubscriptionEntity } from './notifications/webhook-subscription.entity';
import { AgendaItemEntity } from './reflection/agenda-item.entity';
import { ReflectionSeriesEntity } from './reflection/reflection-series.entity';
import { ReflectionSessionEntity } from './reflection/reflection-session.entity';
import { ReportSnapshotEntity } from './reports/report-snapshot.entity';
import { ThemeEntity } from './themes/theme.entity';

/**
 * Every entity of the domain. A process registers the entities of the modules it imports, and
 * TypeORM reads a query builder's join on an unregistered entity class as a sub-query factory
 * (`Class constructor … cannot be invoked without 'new'`): the worker, which imports fewer
 * modules than the api, registers them all, so every service it calls can use any of them.
 */
export const ALL_ENTITIES = [
  ActionEntity,
  AuditEventEntity,
  BestPracticeAdoptionEntity,
  BestPracticeEntity,
  ApiTokenEntity,
  ChainEntity,
  OrganisationEntity,
  PersonEntity,
  RoleAssignmentEntity,
  TeamEntity,
  IncidentEntity,
  LessonRecheckEntity,
  LessonEntity,
  NotificationEntity,
  WebhookSubscriptionEntity,
  AgendaItemEntity,
  ReflectionSeriesEntity,
  ReflectionSessionEntity,
  ReportSnapshotEntity,
  ThemeEntity,
];
