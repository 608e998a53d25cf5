/**
 * What an If-Match asks of a write (set by the api's IfMatchInterceptor): that the resource `id` is
 * still at `version`, the version of the representation whose ETag it named; null when it named
 * none the caller could read (a stale or weak tag, or a resource without a GET), so no version
 * passes. lockForUpdate checks it when it locks that row, in the write's transaction, after who
 * may see and change it (404, 403 come first, as without If-Match: RFC 9110 §13.2.1), so that no
 * change slips in between the check and the write; `checked` says it did.
 */
export interface WritePrecondition {
  id: string;
  version: number | null;
  checked: boolean;
}
