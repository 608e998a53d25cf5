/**
 * A stored tag: words of letters (of any script, each with the combining marks that follow it)
 * and digits, joined by single hyphens. Not only lower-case letters: Arabic, Hebrew and Chinese
 * have no case, and `İzmir` lower-cases to an `i` with a combining dot. No upper-case letter is
 * left once normaliseTag has run, so the pattern need not refuse one.
 */
export const TAG_PATTERN = /^(?:\p{L}\p{M}*|\p{N})+(?:-(?:\p{L}\p{M}*|\p{N})+)*$/u;
