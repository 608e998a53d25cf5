import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DocumentedPaths } from './documented-paths';
import { validationFailed } from './validation-failed';

const CALENDAR_FEEDS = '/v1/calendar-feeds/';

/**
 * A query parameter the OpenAPI document does not list for the operation is refused, on every
 * operation: lists refused them through their query DTO, but a `?dryRun=true` on a DELETE deleted,
 * and a client that believed it filtered a fetch or a write was never told it did not.
 */
export function refuseUndocumentedQuery(paths: DocumentedPaths): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    // Calendar clients add their own (a cache-buster to make Google refresh); a feed that answered
    // them 400 would stop updating without anyone noticing.
    if (!req.originalUrl.includes('?') || req.path.startsWith(CALENDAR_FEEDS)) return next();
    const known = paths.queryParametersAt(req.method, req.path);
    const unknown = Object.keys(req.query).filter((name) => known && !known.has(name));
    if (unknown.length === 0) return next();
    next(validationFailed(unknown.map((name) => ({ name, reason: 'is not a known property' }))));
  };
}
