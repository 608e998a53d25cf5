import {
  CannotExecuteNotConnectedError,
  ConnectionIsNotSetError,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

/** Socket errors: the database (or the way to it) is not there right now. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * Postgres SQLSTATEs of a passing outage: class 08 (connection exception), class 53 (insufficient
 * resources: too many connections, disk full), 57014 (statement timeout), 57P01-57P03 (admin or
 * crash shutdown, cannot connect now: starting, stopping or recovering) and 57P05 (idle session
 * timeout).
 */
const OUTAGE_SQLSTATE = /^(08...|53...|57014|57P0[1235])$/;

/**
 * What pg and TypeORM say, without a code, when a connection breaks or cannot be made: a broken
 * client that is used again, a pool that cannot connect in time, a server going down or coming up;
 * and a database closed to connections for maintenance (55000, a code shared with other errors).
 */
const OUTAGE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|connect ETIMEDOUT|terminating connection|Connection is closed|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|is not currently accepting connections|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout/i;

/**
 * Whether an error means the database is unreachable for a while (a 503 that invites a retry)
 * rather than a bug (a 500). Duck-typed on `code` and `message`: errors from sockets are not
 * always instances of this realm's Error, and Node reports a failed connect to several addresses
 * as an AggregateError with a code and an empty message.
 */
export function isDatabaseOutage(error: unknown): boolean {
  // TypeORM releases a transaction's query runner when its connection emits an error, so the
  // next statement of that transaction fails with one of these instead of the connection error.
  if (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError ||
    error instanceof ConnectionIsNotSetError ||
    error instanceof CannotExecuteNotConnectedError
  )
    return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || OUTAGE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && OUTAGE_MESSAGE.test(message)) return true;
  return error instanceof QueryFailedError && isDatabaseOutage(error.driverError);
}
