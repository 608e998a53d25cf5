/** A tag as people type it, as it is stored: trimmed, lower-cased, inner spaces as hyphens. */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, '-');
}
