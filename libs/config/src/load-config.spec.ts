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

  it('takes CORS_ORIGINS as comma-separated origins only', () => {
    expect(loadConfig({}).CORS_ORIGINS).toBe('');
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.nl,http://localhost:5173' }).CORS_ORIGINS).toBe(
      'https://a.example.nl,http://localhost:5173',
    );
    for (const wrong of ['*', 'https://a.example.nl/', 'a.example.nl', 'https://a.example.nl, https://b.nl'])
      expect(() => loadConfig({ CORS_ORIGINS: wrong })).toThrow(/CORS_ORIGINS/);
  });

  it('takes TRUST_PROXY only as Express reads it as meant', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
  });

  it('requires a long bootstrap token', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_TOKEN: 'short' })).toThrow(/BOOTSTRAP_ADMIN_TOKEN/);
  });

  it('refuses a bootstrap token the api would never take as a bearer token', () => {
    // A passphrase with other characters, and more than 200 characters (openssl rand -hex 128).
    for (const token of ['Leerlus!Beheer#2026$sterk:wachtwoord@start', 'a1b2c3d4'.repeat(32)])
      expect(() => loadConfig({ BOOTSTRAP_ADMIN_TOKEN: token })).toThrow(
        /BOOTSTRAP_ADMIN_TOKEN must be at most 200 letters, digits and - \. _ ~ \+ \//,
      );
    const hex = 'a1b2c3d4'.repeat(8);
    expect(loadConfig({ BOOTSTRAP_ADMIN_TOKEN: hex }).BOOTSTRAP_ADMIN_TOKEN).toBe(hex);
  });

  it('takes a metrics token only as a scrape can send it', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 32/);
    expect(() => loadConfig({ METRICS_TOKEN: 'a long phrase with spaces that is no token' })).toThrow(
      /METRICS_TOKEN must not contain spaces/,
    );
    expect(loadConfig({ METRICS_TOKEN: 'a1b2c3d4'.repeat(4) }).METRICS_TOKEN).toBe('a1b2c3d4'.repeat(4));
    expect(loadConfig({ METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined();
  });

  it('requires a calendar feed secret in production only', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CALENDAR_FEED_SECRET/);
    expect(loadConfig({ NODE_ENV: 'development' }).CALENDAR_FEED_SECRET).toBeUndefined();
  });

  it('refuses the documented example secrets in production, which everyone knows', () => {
    const example = 'change-me-change-me-change-me-change-me';
    const secret = 'a'.repeat(40);
    const production = { NODE_ENV: 'production', CALENDAR_FEED_SECRET: secret };
    expect(() => loadConfig({ ...production, BOOTSTRAP_ADMIN_TOKEN: example })).toThrow(
      /BOOTSTRAP_ADMIN_TOKEN must not be an example value/,
    );
    expect(() =>
      loadConfig({ ...production, CALENDAR_FEED_SECRET: 'change-me-too-change-me-too-change-me-too' }),
    ).toThrow(/CALENDAR_FEED_SECRET must not be an example value/);
    expect(loadConfig({ ...production, BOOTSTRAP_ADMIN_TOKEN: secret }).BOOTSTRAP_ADMIN_TOKEN).toBe(secret);
    // The README's quick start (development) keeps working with its example.
    expect(loadConfig({ BOOTSTRAP_ADMIN_TOKEN: example }).BOOTSTRAP_ADMIN_TOKEN).toBe(example);
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
