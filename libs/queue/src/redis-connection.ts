import Redis, { RedisOptions } from 'ioredis';

/**
 * A Redis connection from a redis:// URL. `forWorker` gives BullMQ's blocking connections
 * (maxRetriesPerRequest null, as BullMQ requires); the default fails fast so a request never
 * hangs on a Redis that is down.
 */
export function redisConnection(url: string, purpose: 'command' | 'bullmq' = 'command'): Redis {
  const options: RedisOptions =
    purpose === 'bullmq'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 };
  const redis = new Redis(url, { ...options, lazyConnect: false });
  // Connection errors are reported by health checks; an unhandled 'error' event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}
