import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AccessModule } from '@app/domain/access/access.module';
import { ALL_ENTITIES } from '@app/domain/all-entities';
import { AuditModule } from '@app/domain/audit/audit.module';
import { CalendarFeedLinksModule } from '@app/domain/calendar/calendar-feed-links.module';
import { IncidentsModule } from '@app/domain/incidents/incidents.module';
import { DeliveryQueue } from '@app/domain/notifications/delivery-queue';
import { NotificationWriterModule } from '@app/domain/notifications/notification-writer.module';
import { ReflectionModule } from '@app/domain/reflection/reflection.module';
import { ReportsModule } from '@app/domain/reports/reports.module';
import { NotificationDeliveryModule } from '@app/domain/notifications/notification-delivery.module';
import { SharedModule } from '@app/domain/shared/shared.module';
import { QueueModule, RedisModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { BullmqDeliveryQueue } from './bullmq-delivery-queue';
import { JobRunner } from './job-runner.service';
import { MetricsServer } from './metrics/metrics-server';
import { WorkerMetrics } from './metrics/worker-metrics.service';
import { IncidentsProcessor } from './processors/incidents.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { ReflectionProcessor } from './processors/reflection.processor';
import { ReportsProcessor } from './processors/reports.processor';
import { WorkerHeartbeat } from './worker-heartbeat.service';
import { WorkerSettings } from './worker-settings';

/** The worker: no HTTP api, BullMQ processors calling the same domain services as the api. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }),
    }),
    DatabaseModule,
    // Every entity, not only those of the modules imported here (see ALL_ENTITIES).
    TypeOrmModule.forFeature(ALL_ENTITIES),
    RedisModule,
    QueueModule,
    SharedModule,
    DiscoveryModule,
    AccessModule,
    AuditModule,
    NotificationWriterModule,
    CalendarFeedLinksModule,
    IncidentsModule,
    ReflectionModule,
    ReportsModule,
    NotificationDeliveryModule.forRoot({ provide: DeliveryQueue, useClass: BullmqDeliveryQueue }),
  ],
  providers: [
    {
      provide: WorkerSettings,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => WorkerSettings.from(config),
    },
    WorkerMetrics,
    MetricsServer,
    WorkerHeartbeat,
    JobRunner,
    IncidentsProcessor,
    NotificationsProcessor,
    ReflectionProcessor,
    ReportsProcessor,
  ],
})
export class WorkerModule {}
