/**
 * A stored tag: words of letters (of any script, each with the combining marks that follow it)
 * and digits, joined by single hyphens. Not only lower-case letters: Arabic, Hebrew and Chinese
 * have no case, and `İzmir` lower-cases to an `i` with a combining dot. No upper-case letter is
 * left once normaliseTag has run, so the pattern need not refuse one. A zero-width (non-)joiner
 * between two letters is part of the spelling in Persian (`می‌خواهم`) and Indic scripts; elsewhere
 * it is refused.
 */
export const TAG_PATTERN =
  /^(?:\p{L}\p{M}*(?:[\u200c\u200d](?=\p{L}))?|\p{N})+(?:-(?:\p{L}\p{M}*(?:[\u200c\u200d](?=\p{L}))?|\p{N})+)*$/u;
