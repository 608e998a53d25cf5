import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DocumentedPaths } from './documented-paths';

/**
 * A documented path with a segment that does not percent-decode (bytes that are not UTF-8, a lone
 * %) is refused here, as the router would refuse its parameter (toProblem), so that
 * authenticateBeforeRefusing sees the refusal: the router's comes after it, and before the guard.
 */
export function refuseMalformedPath(paths: DocumentedPaths): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.path.includes('%') || paths.methodsAt(req.path).size === 0 || decodes(req.path)) return next();
    next(
      new DomainError(
        ErrorCode.ValidationFailed,
        'The path holds a percent-encoded value that is not UTF-8 text.',
        {
          invalidParams: [{ name: 'path', reason: 'must be percent-encoded UTF-8' }],
        },
      ),
    );
  };
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
