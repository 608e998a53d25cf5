import { AppConfig } from '@app/config';
import type { Params } from 'nestjs-pino';

/** Structured JSON logs with the request id on every line; tokens and feed secrets never logged. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (req: any) => req.id,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      serializers: {
        req: (req: any) => ({
          id: req.id,
          method: req.method,
          url: String(req.url).replace(/(calendar-feeds\/)[^/?]+/, '$1[redacted]'),
          remoteAddress: req.remoteAddress,
        }),
        res: (res: any) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req: unknown, res: any, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
    forRoutes: ['*path'],
  };
}
