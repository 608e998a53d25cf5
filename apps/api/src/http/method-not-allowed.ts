import { MethodNotAllowedException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DocumentedPaths } from './documented-paths';

/**
 * A method the OpenAPI document does not list for a path it does list gets 405 with an `Allow`
 * header naming those that are (RFC 9110 §15.5.6), not a 404 that says the resource is not
 * there; OPTIONS on such a path answers 204 with the same header. Paths the document does not
 * list go on to the router (and its 404).
 */
export function methodNotAllowed(paths: DocumentedPaths): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const allowed = paths.methodsAt(req.path);
    if (allowed.size === 0) return next();
    if (allowed.has('GET')) allowed.add('HEAD');
    allowed.add('OPTIONS');
    if (allowed.has(req.method) && req.method !== 'OPTIONS') return next();
    const allow = [...allowed].join(', ');
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(new MethodNotAllowedException(`${req.method} is not allowed here; this resource allows ${allow}.`));
  };
}
