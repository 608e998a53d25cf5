/**
 * A tag as people type it, as it is stored: compatibility forms as the plain characters, trimmed,
 * lower-cased, inner white space as a hyphen (`' Klant  Contact'` becomes `klant-contact`), accents
 * composed. Other punctuation is refused (IsTagList), not guessed at; migration 1764630000000 maps
 * it to hyphens in tags stored before that rule.
 */
export function normaliseTag(tag: string): string {
  // NFKC: a pasted ligature (`ﬁ`) or full-width letters are the tag typed with plain letters, and
  // an accent pasted as a combining mark is composed. Again after lower-casing, which can leave a
  // sequence NFKC composes (`T̈` becomes `t` and a combining diaeresis, composed as `ẗ`).
  return tag.normalize('NFKC').trim().toLowerCase().normalize('NFKC').replace(/\s+/g, '-');
}
