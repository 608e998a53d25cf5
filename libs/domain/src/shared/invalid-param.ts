/** One rejected input field, as in the `invalidParams` member of a problem detail. */
export interface InvalidParam {
  name: string;
  reason: string;
}
