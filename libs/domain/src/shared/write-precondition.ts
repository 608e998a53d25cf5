/**
 * What an If-Match asks of a write (set by the api's IfMatchInterceptor): that the resource `id` is
 * still at `version`, the version of the representation whose ETag it named. lockForUpdate checks
 * it when it locks that row, in the write's transaction, so that no change slips in between the
 * check and the write; `checked` says it did.
 */
export interface WritePrecondition {
  id: string;
  version: number;
  checked: boolean;
}
