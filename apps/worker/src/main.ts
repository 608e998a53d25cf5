import 'reflect-metadata';
import { loadConfig, processLogger } from '@app/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

const logger = processLogger();

/** The worker process: an application context without HTTP (only /metrics), stopped by SIGTERM. */
async function main(): Promise<void> {
  loadConfig(); // fail fast, naming every bad variable, before connecting anywhere
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

main().catch((error: Error) => {
  logger.fatal({ err: error, msg: 'The worker did not start' });
  process.exit(1);
});
