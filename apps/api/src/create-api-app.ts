import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { configureApp } from './http/configure-app';

/** The configured api application (not yet listening); logs with `logger` until its own is up. */
export async function createApiApp(logger?: LoggerService): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule, { bodyParser: false, logger, bufferLogs: !logger });
  app.useLogger(app.get(Logger));
  configureApp(app);
  return app;
}
