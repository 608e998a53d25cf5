/**
 * Whether a text holds something to read: more than white space, control and invisible format
 * characters (a zero-width space, a byte-order mark, NEL), combining marks with nothing to sit on,
 * and the blank letters (the Hangul fillers, the braille blank), which say nothing and find nothing.
 */
export function hasVisibleText(value: string): boolean {
  return /[^\s\p{Cc}\p{Cf}\p{M}\u115f\u1160\u2800\u3164\uffa0]/u.test(value);
}
