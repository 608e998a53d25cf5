/**
 * A tag as people type it, as it is stored: trimmed, lower-cased, inner white space as a hyphen
 * (`' Klant  Contact'` becomes `klant-contact`), accents composed. Other punctuation is refused (IsTagList), not
 * guessed at; migration 1764630000000 maps it to hyphens in tags stored before that rule.
 */
export function normaliseTag(tag: string): string {
  // Composed (NFC): "café" pasted with a combining accent is the same tag as the one typed.
  return tag.normalize('NFC').trim().toLowerCase().replace(/\s+/g, '-');
}
