import { AppConfig } from '@app/config';
import { redisConnection } from '@app/queue';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createServer } from 'node:net';
import { AuthFailureLimiter } from './auth-failure-limiter';

/** A port nothing listens on: one the system gave a server, which then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('AuthFailureLimiter while Redis cannot be reached', () => {
  let redis: Redis;
  let limiter: AuthFailureLimiter;
  let warn: jest.SpyInstance;

  beforeEach(async () => {
    redis = redisConnection(`redis://127.0.0.1:${await closedPort()}`);
    const config = Object.assign(new AppConfig(), { AUTH_FAILURE_LIMIT: 3, REDIS_PREFIX: 'unit' });
    limiter = new AuthFailureLimiter(redis, config);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    warn.mockRestore();
    // Its reconnection timer would keep the test process alive.
    const ended = new Promise((resolve) => redis.once('end', resolve));
    redis.disconnect();
    if (redis.status !== 'end') await ended;
  });

  it('counts failures per address in the process and blocks at the limit', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await limiter.isBlocked('203.0.113.7')).toBe(false);
      await limiter.recordFailure('203.0.113.7');
    }
    expect(await limiter.isBlocked('203.0.113.7')).toBe(true);
    // Another address has its own count.
    expect(await limiter.isBlocked('198.51.100.20')).toBe(false);
  });

  it('says once that it counts in the process, not per failure', async () => {
    for (let i = 0; i < 5; i++) {
      await limiter.isBlocked('203.0.113.7');
      await limiter.recordFailure('203.0.113.7');
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/Redis cannot be reached .*counted per api process/);
  });
});
