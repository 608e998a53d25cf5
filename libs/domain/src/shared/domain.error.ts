import { ErrorCode } from './error-code';
import { InvalidParam } from './invalid-param';

/** An expected failure with a code; extensions become members of the problem detail. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extensions: { invalidParams?: InvalidParam[] } & Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  static notFound(what: string, id?: string): DomainError {
    return new DomainError(
      ErrorCode.NotFound,
      id ? `${what} ${id} does not exist.` : `${what} does not exist.`,
    );
  }

  static invalid(name: string, reason: string): DomainError {
    return DomainError.invalidParams([{ name, reason }]);
  }

  /** Several invalid parameters in one problem, so that a client can fix them at once. */
  static invalidParams(params: InvalidParam[]): DomainError {
    return new DomainError(
      ErrorCode.ValidationFailed,
      params.map(({ name, reason }) => `${name}: ${reason}`).join('; '),
      { invalidParams: params },
    );
  }

  static reference(name: string, what: string): DomainError {
    return new DomainError(ErrorCode.ReferenceNotFound, `${name} does not refer to an existing ${what}.`, {
      invalidParams: [
        {
          name,
          reason: `no ${what} with this id in this organisation (another organisation's cannot be named)`,
        },
      ],
    });
  }

  /** An If-Match that names no current representation of the resource (RFC 9110 §13.1.1). */
  static preconditionFailed(what: string, extensions: Record<string, unknown> = {}): DomainError {
    return new DomainError(
      ErrorCode.PreconditionFailed,
      `${what} is not as If-Match says you read it: it was changed, or you sent another ETag; ` +
        'read it again (currentEtag) and try again. Nothing was changed.',
      extensions,
    );
  }

  static staleVersion(what: string, current: number): DomainError {
    return new DomainError(
      ErrorCode.VersionConflict,
      `${what} was changed by someone else; reload it (current version ${current}) and try again.`,
      { currentVersion: current },
    );
  }
}
