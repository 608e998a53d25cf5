import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { JSON_MEDIA_TYPES } from './json-media-types';

/**
 * Every charset parameter of a Content-Type, quoted or not, lower case. Looser than the parser
 * body-parser uses (content-type: the last one counts), so it finds every one that parser would.
 */
const CHARSET = /;\s*charset\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/gi;

/**
 * A body that is not JSON is refused with 415 before anything reads it; otherwise express.json
 * skips it and validation reports missing fields, which misleads. So is JSON in another charset
 * than UTF-8 (RFC 8259 §8.1): express.json decodes any `utf-*`, so a UTF-16 body was stored. Requests
 * without a body (an action POST, a DELETE) pass whatever their Content-Type.
 */
export function refuseNonJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req)) return next();
  if (!req.is(JSON_MEDIA_TYPES))
    return next(
      new UnsupportedMediaTypeException(
        'The request body must be JSON: send it with Content-Type application/json.',
      ),
    );
  const charsets = [...(req.headers['content-type'] ?? '').matchAll(CHARSET)].map(([, value]) =>
    (value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value).toLowerCase(),
  );
  if (charsets.every((charset) => charset === 'utf-8')) return next();
  next(
    new UnsupportedMediaTypeException(
      'The request body must be JSON in UTF-8: send it with Content-Type application/json, with charset=utf-8 or none.',
    ),
  );
}

/** Chunked, or a Content-Length above zero (an empty body with Content-Length: 0 is no body). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}
