export * from './redis-client';
export * from './redis-connection';
export * from './redis.module';
