import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AccessModule } from '@app/domain/access/access.module';
import { ActionsModule } from '@app/domain/actions/actions.module';
import { AuditModule } from '@app/domain/audit/audit.module';
import { BestPracticesModule } from '@app/domain/best-practices/best-practices.module';
import { DemoModule } from '@app/domain/demo/demo.module';
import { CalendarFeedLinksModule } from '@app/domain/calendar/calendar-feed-links.module';
import { CalendarFeedModule } from '@app/domain/calendar/calendar-feed.module';
import { GovernanceModule } from '@app/domain/governance/governance.module';
import { IncidentsModule } from '@app/domain/incidents/incidents.module';
import { LessonsModule } from '@app/domain/lessons/lessons.module';
import { NotificationWriterModule } from '@app/domain/notifications/notification-writer.module';
import { ReflectionModule } from '@app/domain/reflection/reflection.module';
import { ReportsModule } from '@app/domain/reports/reports.module';
import { SharedModule } from '@app/domain/shared/shared.module';
import { UncheckedPreconditionSubscriber } from '@app/domain/shared/unchecked-precondition.subscriber';
import { ThemesModule } from '@app/domain/themes/themes.module';
import { NotificationsModule } from '@app/domain/notifications/notifications.module';
import { QueueModule, RedisModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { BootstrapAdminOnStart } from './bootstrap-admin-on-start';
import { ActionsController } from './controllers/actions.controller';
import { ApiTokensController } from './controllers/api-tokens.controller';
import { AgendaItemsController } from './controllers/agenda-items.controller';
import { AuditEventsController } from './controllers/audit-events.controller';
import { BestPracticeAdoptionsController } from './controllers/best-practice-adoptions.controller';
import { BestPracticesController } from './controllers/best-practices.controller';
import { ChainsController } from './controllers/chains.controller';
import { HealthController } from './controllers/health.controller';
import { IncidentsController } from './controllers/incidents.controller';
import { LessonsController } from './controllers/lessons.controller';
import { CalendarFeedsController } from './controllers/calendar-feeds.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { WebhookSubscriptionsController } from './controllers/webhook-subscriptions.controller';
import { ApiMetrics } from './metrics/api-metrics.service';
import { MetricsController } from './metrics/metrics.controller';
import { OrganisationsController } from './controllers/organisations.controller';
import { PeopleController } from './controllers/people.controller';
import { ReflectionSeriesController } from './controllers/reflection-series.controller';
import { ReflectionSessionsController } from './controllers/reflection-sessions.controller';
import { ReportsController } from './controllers/reports.controller';
import { RoleAssignmentsController } from './controllers/role-assignments.controller';
import { TeamsController } from './controllers/teams.controller';
import { ThemesController } from './controllers/themes.controller';
import { HealthService } from './health/health.service';
import { AuthFailureLimiter } from './http/auth-failure-limiter';
import { AuthGuard } from './http/auth.guard';
import { IfMatchInterceptor } from './http/if-match.interceptor';
import { loggerOptions } from './http/logger-options';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation.pipe';

@Module({
  imports: [
    ConfigModule,
    // IfMatchInterceptor finds the GET beside each write.
    DiscoveryModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
    DatabaseModule,
    RedisModule,
    SharedModule,
    AccessModule,
    AuditModule,
    GovernanceModule,
    NotificationWriterModule,
    IncidentsModule,
    LessonsModule,
    BestPracticesModule,
    ActionsModule,
    ThemesModule,
    DemoModule,
    ReflectionModule,
    QueueModule,
    NotificationsModule,
    CalendarFeedLinksModule,
    CalendarFeedModule,
    ReportsModule,
  ],
  controllers: [
    HealthController,
    OrganisationsController,
    TeamsController,
    PeopleController,
    ApiTokensController,
    ChainsController,
    RoleAssignmentsController,
    AuditEventsController,
    IncidentsController,
    LessonsController,
    BestPracticesController,
    BestPracticeAdoptionsController,
    ActionsController,
    ThemesController,
    ReflectionSeriesController,
    ReflectionSessionsController,
    AgendaItemsController,
    NotificationsController,
    WebhookSubscriptionsController,
    MetricsController,
    CalendarFeedsController,
    ReportsController,
  ],
  providers: [
    HealthService,
    AuthFailureLimiter,
    BootstrapAdminOnStart,
    ApiMetrics,
    // Also asked by itself, by authenticateBeforeRefusing (configureApp).
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_INTERCEPTOR, useClass: IfMatchInterceptor },
    // IfMatchInterceptor's backstop: no commit while an If-Match that matched nothing is unchecked.
    UncheckedPreconditionSubscriber,
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class ApiModule {}
