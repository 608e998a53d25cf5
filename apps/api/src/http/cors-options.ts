import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

/**
 * CORS for the configured web origins only (API rule /transport/cors): their pages may call the
 * api with a Bearer token and read what it answers with. Tokens travel in a header, never in a
 * cookie, so no credentials mode. A preflight goes on to the router's OPTIONS answer (204 with
 * `Allow`, or 404 for an unknown path), with these headers added.
 */
export function corsOptions(origins: string[]): CorsOptions {
  return {
    origin: origins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Accept',
      'Accept-Language',
      'If-None-Match',
      'If-Match',
      'X-Request-Id',
    ],
    exposedHeaders: [
      'Location',
      'API-Version',
      'X-Request-Id',
      'ETag',
      'Content-Disposition',
      'Allow',
      'Retry-After',
    ],
    maxAge: 600,
    preflightContinue: true,
  };
}
