import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DocumentedPaths } from './documented-paths';

/** Methods that never take one, also on paths the document does not list (the docs, /metrics). */
const BODILESS = new Set(['GET', 'HEAD', 'DELETE']);

/**
 * An operation that takes no body refuses one: it was ignored, so a `{"dryRun": true}` on a DELETE
 * deleted, on a POST of calendar-feed-rotation rotated, and a filter in a GET's body listed
 * everything. Which ones take none the OpenAPI document says (a handler without `@Body`), so a new
 * one is covered without a word. Even `{}` is refused: the document offers clients no body to send,
 * one rule serves every operation, and it is decided before anything reads the body. A body is what
 * refuseNonJsonBody and the JSON parser take for one: a length above zero, or chunks.
 */
export function refuseBodyWhereNoneIsTaken(paths: DocumentedPaths): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const length = Number(req.headers['content-length']);
    const body = length > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!body || (paths.takesBodyAt(req.method, req.path) ?? !BODILESS.has(req.method))) return next();
    const [detail, reason] = BODILESS.has(req.method)
      ? [`A ${req.method} takes no request body.`, `must be left out of a ${req.method}`]
      : [`This ${req.method} takes no request body.`, `must be left out of this ${req.method}`];
    next(new DomainError(ErrorCode.ValidationFailed, detail, { invalidParams: [{ name: 'body', reason }] }));
  };
}
