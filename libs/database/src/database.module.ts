import { AppConfig } from '@app/config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';

/** The TypeORM connection; entities register themselves with TypeOrmModule.forFeature. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options = dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
        return {
          ...options,
          // Only for the api and the worker: migrations may run long on purpose.
          extra: { ...options.extra, query_timeout: config.DATABASE_QUERY_TIMEOUT_MS, keepAlive: true },
          autoLoadEntities: true,
          retryAttempts: 3,
          retryDelay: 1000,
        };
      },
    }),
  ],
})
export class DatabaseModule {}
