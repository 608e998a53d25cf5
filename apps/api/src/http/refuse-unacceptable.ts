import { NotAcceptableException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { bestMediaType } from './best-media-type';
import { DocumentedPaths } from './documented-paths';

/**
 * A request whose Accept header allows none of the media types the OpenAPI document gives its
 * answer gets 406 (RFC 9110 §12.5.1), not JSON it did not ask for. The problem itself is JSON.
 * Resources with several representations (the reports: JSON, CSV or HTML, or `format`) choose
 * theirs themselves; answers without a body are not checked.
 */
export function refuseUnacceptable(paths: DocumentedPaths): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const offered = paths.mediaTypesAt(req.method, req.path);
    const accept = req.headers.accept;
    // What nearly every client sends is settled without parsing.
    if (offered.length !== 1 || accept === undefined || accept === offered[0] || accept === '*/*')
      return next();
    if (bestMediaType(accept, offered)) return next();
    next(new NotAcceptableException(`This resource is available as ${offered[0]} only.`));
  };
}
