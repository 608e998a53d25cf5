import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { configureApp } from './http/configure-app';

/** The configured api application (not yet listening). */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApp(app);
  return app;
}
