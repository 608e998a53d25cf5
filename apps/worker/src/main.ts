import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker process: an application context without HTTP (only /metrics), stopped by SIGTERM. */
async function main(): Promise<void> {
  loadConfig(); // fail fast, naming every bad variable, before connecting anywhere
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
