import 'reflect-metadata';
import { AppConfig, loadConfig } from '@app/config';
import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { Clock } from '@app/domain/shared/clock';
import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/http/configure-app';
import { createTestDatabase, TestDatabase } from './test-database';
import { TestClock } from './test-clock';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  db: TestDatabase;
  clock: TestClock;
  config: AppConfig;
  /** A token of the system administrator. */
  systemToken: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  controllers?: Type<unknown>[];
  clock?: TestClock;
  /** A database to use instead of a fresh clone of the template (a drill's own server); close() drops it too. */
  database?: TestDatabase;
}

/** The real api on its own cloned database and Redis key prefix, with a controllable clock. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const clock = options.clock ?? new TestClock();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    MAIL_DIR: `var/test-mail/${db.name}`,
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [ApiModule],
    controllers: options.controllers ?? [],
  })
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  const systemToken = await app.get(SystemAdminService).issueToken();
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    clock,
    config,
    systemToken,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
