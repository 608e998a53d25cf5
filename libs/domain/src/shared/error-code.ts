/** Every domain error has one of these codes; the api maps each to an HTTP status once. */
export enum ErrorCode {
  ValidationFailed = 'validation-failed',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  ReferenceNotFound = 'reference-not-found',
  VersionConflict = 'version-conflict',
  PreconditionFailed = 'precondition-failed',
  InvalidTransition = 'invalid-transition',
  Conflict = 'conflict',
  RateLimited = 'rate-limited',
  Unavailable = 'unavailable',
}
