import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AccessModule } from '@app/domain/access/access.module';
import { AuditModule } from '@app/domain/audit/audit.module';
import { GovernanceModule } from '@app/domain/governance/governance.module';
import { NotificationWriterModule } from '@app/domain/notifications/notification-writer.module';
import { ReportsModule } from '@app/domain/reports/reports.module';
import { SharedModule } from '@app/domain/shared/shared.module';
import { RedisModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { BootstrapAdminOnStart } from './bootstrap-admin-on-start';
import { ApiTokensController } from './controllers/api-tokens.controller';
import { AuditEventsController } from './controllers/audit-events.controller';
import { ChainsController } from './controllers/chains.controller';
import { HealthController } from './controllers/health.controller';
import { OrganisationsController } from './controllers/organisations.controller';
import { PeopleController } from './controllers/people.controller';
import { ReportsController } from './controllers/reports.controller';
import { RoleAssignmentsController } from './controllers/role-assignments.controller';
import { TeamsController } from './controllers/teams.controller';
import { HealthService } from './health/health.service';
import { AuthFailureLimiter } from './http/auth-failure-limiter';
import { AuthGuard } from './http/auth.guard';
import { loggerOptions } from './http/logger-options';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation.pipe';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
    DatabaseModule,
    RedisModule,
    SharedModule,
    AccessModule,
    AuditModule,
    GovernanceModule,
    NotificationWriterModule,
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
    ReportsController,
  ],
  providers: [
    HealthService,
    AuthFailureLimiter,
    BootstrapAdminOnStart,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class ApiModule {}
