/** The URI that identifies a kind of problem; stable, so clients can switch on it. */
export function problemType(code: string): string {
  return `urn:leerlus:problem:${code}`;
}
