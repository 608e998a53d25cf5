import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { JSON_MEDIA_TYPES } from './json-media-types';

/**
 * A body that is not JSON is refused with 415 before anything reads it; otherwise express.json
 * skips it and validation reports missing fields, which misleads. Requests without a body (an
 * action POST, a DELETE) pass whatever their Content-Type.
 */
export function refuseNonJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req) || req.is(JSON_MEDIA_TYPES)) return next();
  next(
    new UnsupportedMediaTypeException(
      'The request body must be JSON: send it with Content-Type application/json.',
    ),
  );
}

/** Chunked, or a Content-Length above zero (an empty body with Content-Length: 0 is no body). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}
