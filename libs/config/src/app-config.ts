import { Type } from 'class-transformer';
import { API_TOKEN_PATTERN } from './api-token-pattern';
import { IsTrustProxy } from './is-trust-proxy.validator';
import { NotAnExampleInProduction } from './not-an-example-in-production';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

/**
 * Every environment variable Leerlus reads, validated once at start-up. Each has a local default
 * so a fresh checkout runs against this machine's Postgres and Redis; only secrets have none.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/leerlus';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Give up on a query this many ms after sending it: a silent network partition (no reset, no
   * answer) must not hold requests forever. Above the server's 30 s statement timeout.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  DATABASE_QUERY_TIMEOUT_MS = 35_000;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key (BullMQ queues, rate limits): lets several installs share one Redis. */
  @Matches(/^[a-zA-Z0-9:_-]{1,64}$/, {
    message: 'REDIS_PREFIX must be 1-64 letters, digits, colons, dashes or underscores',
  })
  REDIS_PREFIX = 'leerlus';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Base URL users reach the api on; used in e-mails and calendar feed links. */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** When set, the api ensures a system administrator who authenticates with this token. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'BOOTSTRAP_ADMIN_TOKEN must be at least 32 characters' })
  @Matches(API_TOKEN_PATTERN, {
    message:
      'BOOTSTRAP_ADMIN_TOKEN must be at most 200 letters, digits and - . _ ~ + / (then = padding): ' +
      'the api takes no other bearer token',
  })
  @NotAnExampleInProduction()
  BOOTSTRAP_ADMIN_TOKEN?: string;

  /** Failed authentications allowed per client address per minute before 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_LIMIT = 20;

  /**
   * Express "trust proxy" setting: which proxies may tell the client address (rate limits use it):
   * true/false, a number of hops, or addresses, subnets and loopback/linklocal/uniquelocal.
   */
  @IsString()
  @IsTrustProxy()
  TRUST_PROXY = 'loopback';

  /**
   * The web origins whose pages may call the api from a browser (CORS, API rule /transport/cors),
   * comma-separated, e.g. `https://leerlus.minszw.nl`; empty: none (same origin only).
   */
  @Matches(/^$|^https?:\/\/[a-z0-9.-]+(:\d{1,5})?(,https?:\/\/[a-z0-9.-]+(:\d{1,5})?)*$/, {
    message:
      'CORS_ORIGINS must be origins such as https://leerlus.example.nl (scheme, host and port, no path), comma-separated',
  })
  CORS_ORIGINS = '';

  /** Run pending migrations when the api starts. */
  @IsIn(['true', 'false'])
  MIGRATE_ON_START: 'true' | 'false' = 'true';

  /** SMTP server for e-mail (smtp://user:pass@host:port). Without it mail is written to MAIL_DIR. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Leerlus <leerlus@localhost>';

  @IsString()
  MAIL_DIR = 'var/mail';

  /** Port of the worker's metrics endpoint (0 disables it). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT = 9464;

  /**
   * When set, GET /metrics (api and worker) answers only a scrape that sends it as
   * `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: … }`).
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  @Matches(/^\S+$/, { message: 'METRICS_TOKEN must not contain spaces: it is sent as a Bearer token' })
  @NotAnExampleInProduction()
  METRICS_TOKEN?: string;

  /**
   * Deliveries one worker process runs at once. Each waits mostly on round trips (Postgres, SMTP),
   * so many overlap; they borrow a database connection only for each short statement.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_CONCURRENCY = 50;

  /**
   * Let webhooks reach private, loopback, link-local and other non-public addresses (SSRF guard
   * off). Only for a closed network or tests: a subscription could otherwise make the worker call
   * internal services or the cloud metadata address.
   */
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' | 'false' = 'false';

  /** Refuse webhook URLs that are not https (the signed events would travel in clear text). */
  @IsIn(['true', 'false'])
  WEBHOOK_REQUIRE_HTTPS: 'true' | 'false' = 'true';

  @ValidateIf((config: AppConfig) => config.NODE_ENV === 'production')
  @IsString({ message: 'CALENDAR_FEED_SECRET is required in production' })
  @MinLength(32, { message: 'CALENDAR_FEED_SECRET must be at least 32 characters' })
  @NotAnExampleInProduction()
  CALENDAR_FEED_SECRET?: string;
}
