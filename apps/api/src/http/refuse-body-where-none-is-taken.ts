import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import type { NextFunction, Request, Response } from 'express';

const BODILESS = new Set(['GET', 'HEAD', 'DELETE']);

/**
 * A GET, HEAD or DELETE takes no body: one sent was ignored, so a `{"dryRun": true}` on a DELETE
 * deleted, and a filter in a GET's body listed everything. A body is what refuseNonJsonBody and the
 * JSON parser take for one: a length above zero, or chunks.
 */
export function refuseBodyWhereNoneIsTaken(req: Request, _res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length']);
  const body = length > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!BODILESS.has(req.method) || !body) return next();
  next(
    new DomainError(ErrorCode.ValidationFailed, `A ${req.method} takes no request body.`, {
      invalidParams: [{ name: 'body', reason: `must be left out of a ${req.method}` }],
    }),
  );
}
