import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { isDatabaseOutage } from './is-database-outage';
import { MAX_INVALID_PARAMS } from './max-invalid-params';
import { problemType } from './problem-type';

export interface ProblemParts {
  status: number;
  code: string;
  title: string;
  detail: string;
  extensions?: Record<string, unknown>;
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.ReferenceNotFound]: 422,
  [ErrorCode.VersionConflict]: 409,
  [ErrorCode.PreconditionFailed]: 412,
  [ErrorCode.InvalidTransition]: 409,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Unavailable]: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** Classifies any thrown value as a problem; returns null for an unexpected error (a 500). */
export function toProblem(error: unknown): ProblemParts | null {
  if (error instanceof DomainError) {
    const status = STATUS_BY_CODE[error.code];
    return { status, code: error.code, title: titleFor(status), ...listed(error) };
  }
  // The router could not percent-decode a path segment (bytes that are not UTF-8, a lone %); Nest
  // passes it on as a BadRequestException with the router's message.
  if (/^Failed to decode param '/.test(String((error as { message?: unknown } | null)?.message))) {
    return {
      status: 400,
      code: ErrorCode.ValidationFailed,
      title: titleFor(400),
      detail: 'The path holds a percent-encoded value that is not UTF-8 text.',
      extensions: { invalidParams: [{ name: 'path', reason: 'must be percent-encoded UTF-8' }] },
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message =
      typeof body === 'string'
        ? body
        : Array.isArray((body as any)?.message)
          ? (body as any).message.join('; ')
          : (body as any)?.message;
    return {
      status,
      code: `http-${status}`,
      title: titleFor(status),
      detail: String(message ?? error.message),
    };
  }
  // Before anything else looks at it: an outage can surface as any kind of error.
  if (isDatabaseOutage(error)) return unavailable(error);
  if (error instanceof QueryFailedError)
    return fromDatabase(error as QueryFailedError & { code?: string; detail?: string });
  const httpError = error as {
    type?: string;
    status?: number;
    statusCode?: number;
    expose?: boolean;
    message?: string;
  };
  if (httpError?.type === 'entity.too.large') {
    return {
      status: 413,
      code: 'body-too-large',
      title: titleFor(413),
      detail: 'The request body is larger than 1 MiB.',
    };
  }
  if (httpError?.type === 'entity.encoding.invalid') {
    return {
      status: 400,
      code: ErrorCode.ValidationFailed,
      title: titleFor(400),
      detail: 'The request body is not valid UTF-8.',
    };
  }
  if (httpError?.type === 'entity.parse.failed') {
    return {
      status: 400,
      code: ErrorCode.ValidationFailed,
      title: titleFor(400),
      // The parser refuses valid JSON that is no object or array (null, "abc", 5) the same way.
      detail: isJson((error as { body?: unknown }).body)
        ? 'The request body must be a JSON object.'
        : 'The request body is not valid JSON.',
    };
  }
  // Any http-errors style error (body-parser, raw-body, zlib) that says the client is at fault.
  const status = httpError?.status ?? httpError?.statusCode;
  if (httpError?.expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      code: `http-${status}`,
      title: titleFor(status),
      detail: isDecompressionError(error)
        ? 'The request body is not encoded as its Content-Encoding header says.'
        : String(httpError.message),
    };
  }
  return null;
}

/**
 * The first MAX_INVALID_PARAMS problems, and how many there were: a body of 80 000 unknown keys
 * was answered with 4 MB naming each.
 */
function listed(error: DomainError): Pick<ProblemParts, 'detail' | 'extensions'> {
  const invalidParams = error.extensions.invalidParams;
  if (!invalidParams || invalidParams.length <= MAX_INVALID_PARAMS)
    return { detail: error.detail, extensions: error.extensions };
  return {
    detail: `${error.detail} (${invalidParams.length} problems; invalidParams lists the first ${MAX_INVALID_PARAMS})`,
    extensions: { ...error.extensions, invalidParams: invalidParams.slice(0, MAX_INVALID_PARAMS) },
  };
}

function isJson(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** zlib (gzip, deflate) and brotli errors: a body that does not match its Content-Encoding. */
function isDecompressionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^(Z_|ERR__ERROR_)/.test(code);
}

function unavailable(error: unknown): ProblemParts {
  return {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    code: ErrorCode.Unavailable,
    title: titleFor(503),
    // A statement past its timeout reached the database: it was busy (often waiting for another
    // change to the same records), not unreachable. No connection in time is either: every one of
    // the pool in use (requests waiting for the same records) or none could be made.
    detail: isStatementTimeout(error)
      ? 'The database did not finish in time, perhaps waiting for another change to the same records; nothing was changed. Try again shortly.'
      : /timeout exceeded when trying to connect/i.test(String((error as Error)?.message))
        ? 'No connection to the database came free in time: it is busy or not reachable right now; nothing was changed. Try again shortly.'
        : 'The database is not reachable right now; nothing was changed. Try again shortly.',
  };
}

/** PostgreSQL's statement timeout (57014), on the error or on the driver error TypeORM wraps. */
function isStatementTimeout(error: unknown): boolean {
  const found = error as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  return found?.code === '57014' || found?.driverError?.code === '57014';
}

/**
 * The unique values, by their index: a second one (a request that raced with the one that took it,
 * past the service's own check) names the field that is taken.
 */
const UNIQUE_NAMES: Record<string, { field: string; detail: string }> = {
  organisations_name_key: {
    field: 'name',
    detail: 'An organisation with this name exists already (names differing in case are the same).',
  },
  teams_organisation_name_key: {
    field: 'name',
    detail: 'A team with this name exists already (names differing in case are the same).',
  },
  chains_organisation_name_key: {
    field: 'name',
    detail: 'A chain with this name exists already (names differing in case are the same).',
  },
  people_organisation_email_key: {
    field: 'email',
    detail:
      'Someone in this organisation has this e-mail address (addresses differing in case are the same).',
  },
};

/** What refers to a record that cannot be deleted, by the referring table. */
const REFERRING: Record<string, string> = {
  actions: 'actions',
  agenda_items: 'agenda items',
  best_practice_adoptions: 'adoptions of best practices',
  best_practices: 'best practices',
  chains: 'chains',
  incidents: 'incidents',
  lesson_rechecks: 're-checks of lessons',
  lessons: 'lessons',
  people: 'people',
  reflection_series: 'reflection series',
  reflection_series_participants: 'the participant lists of reflection series',
  reflection_sessions: 'reflection sessions',
  role_assignments: 'role assignments (also past ones: the triangle history)',
  teams: 'teams',
  themes: 'themes',
  webhook_subscriptions: 'webhook subscriptions',
};

/**
 * The 409 for a delete that records still refer to, naming what they are: PostgreSQL names the
 * referring table in the error's `table` (its message is in the server's language).
 */
function stillReferenced(table: string | undefined): string {
  if (table === 'report_snapshots')
    return 'Frozen quarterly reports name this record, and they stay as they were made: it cannot be deleted.';
  // Only messages still to be sent hold an organisation back (one retried while it was deleted):
  // the rest of its delivery log goes with it, and these cannot be removed, only sent.
  if (table === 'notifications')
    return 'This record is still referenced by messages still to be sent; try again once the worker has sent them.';
  return `This record is still referenced by ${REFERRING[table ?? ''] ?? 'other records'}; remove or reassign those first.`;
}

/** Errors the database raises that are the client's doing (an outage is recognised before). */
function fromDatabase(
  error: QueryFailedError & { code?: string; detail?: string; constraint?: string; table?: string },
): ProblemParts | null {
  switch (error.code) {
    case '23505': {
      const taken = UNIQUE_NAMES[error.constraint ?? ''];
      return {
        status: 409,
        code: ErrorCode.Conflict,
        title: titleFor(409),
        detail:
          taken?.detail ??
          'This conflicts with an existing record (a value that must be unique is already in use).',
        ...(taken && { extensions: { invalidParams: [{ name: taken.field, reason: 'already in use' }] } }),
      };
    }
    case '23503':
      // A delete that others still refer to (409), not a reference to nothing (422): told by the
      // statement, as the message is in the server's language.
      return /^\s*DELETE\b/i.test(error.query ?? '') || /still referenced/.test(error.detail ?? '')
        ? {
            status: 409,
            code: ErrorCode.Conflict,
            title: titleFor(409),
            detail: stillReferenced(error.table),
          }
        : {
            status: 422,
            code: ErrorCode.ReferenceNotFound,
            title: titleFor(422),
            detail: 'A referenced record does not exist.',
          };
    // A value from the client that the database refuses, e.g. 22009 (time zone displacement),
    // 22019/22025 (LIKE escape), 2201B (regular expression) and 22P05 (untranslatable character).
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '23502':
    case '23514':
    case '22021':
    case '22009':
    case '22019':
    case '22025':
    case '2201B':
    case '22P05':
    case '54000':
      return {
        status: 400,
        code: ErrorCode.ValidationFailed,
        title: titleFor(400),
        detail: 'A value is not acceptable for this field.',
      };
    case '40001':
    case '40P01':
      return {
        status: 409,
        code: ErrorCode.Conflict,
        title: titleFor(409),
        detail: 'A concurrent change interfered; nothing was changed. Try again.',
      };
    default:
      return null;
  }
}

export { problemType };
