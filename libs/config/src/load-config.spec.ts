import { InvalidConfigError } from './invalid-config.error';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives local defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toMatch(/^postgres:\/\/.*127\.0\.0\.1:5432/);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('converts numbers', () => {
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('refuses a bad variable and names it', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(InvalidConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toContain('PORT');
      expect((error as Error).message).toContain('DATABASE_URL');
    }
  });

  it('requires a long bootstrap token', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_TOKEN: 'short' })).toThrow(/BOOTSTRAP_ADMIN_TOKEN/);
  });

  it('requires a calendar feed secret in production only', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CALENDAR_FEED_SECRET/);
    expect(loadConfig({ NODE_ENV: 'development' }).CALENDAR_FEED_SECRET).toBeUndefined();
  });

  it('guards webhook targets unless told otherwise', () => {
    const config = loadConfig({});
    expect(config.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe('false');
    expect(config.WEBHOOK_REQUIRE_HTTPS).toBe('true');
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe('true');
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_TARGETS/,
    );
    expect(() => loadConfig({ WEBHOOK_REQUIRE_HTTPS: '0' })).toThrow(/WEBHOOK_REQUIRE_HTTPS/);
  });
});
