import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuthGuard } from './auth.guard';
import { DocumentedPaths } from './documented-paths';
import { sendProblem } from './problem-details.filter';

/**
 * Answers what the middlewares before the router refuse (a malformed or unknown query parameter,
 * a malformed path parameter, a body that is not JSON, too large or not taken, an Accept it cannot
 * meet), but on an operation that needs an API token only once the caller has one: otherwise 401
 * (or 429), as the AuthGuard answers, so that an anonymous caller learns nothing of the API's
 * validation. Nest's guard runs only after these, and before the pipes that validate the rest.
 * A method the path does not have (405) is no operation, and what the public document says.
 */
export function authenticateBeforeRefusing(paths: DocumentedPaths, guard: AuthGuard, logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (!error) return next();
    if (!paths.requiresTokenAt(req.method, req.path)) return sendProblem(error, req, res, logger);
    guard.authenticate(req).then(
      () => sendProblem(error, req, res, logger),
      (refusal: unknown) => sendProblem(refusal, req, res, logger),
    );
  };
}
