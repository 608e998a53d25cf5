import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiMetrics } from './api-metrics.service';

/**
 * Times every request by its route template (never the raw URL: ids and feed tokens stay out),
 * as Express middleware ahead of everything: a request refused by the auth guard (401, 429) or by
 * other middleware (404, 405, 415) is counted too, where an interceptor would never see it.
 */
export function timeRequests(metrics: ApiMetrics): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const stop = metrics.requests.startTimer();
    response.once('finish', () =>
      stop({
        method: request.method,
        route: (request.route?.path as string | undefined) ?? 'unmatched',
        status: String(response.statusCode),
      }),
    );
    next();
  };
}
