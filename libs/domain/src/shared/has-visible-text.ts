/**
 * Whether a text holds something to read: more than white space and invisible format characters
 * (a zero-width space, a byte-order mark), which say nothing and find nothing.
 */
export function hasVisibleText(value: string): boolean {
  return /[^\s\p{Cf}]/u.test(value);
}
