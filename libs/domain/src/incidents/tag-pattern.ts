/** A stored tag: lower-case letters and digits, in words joined by single hyphens. */
export const TAG_PATTERN = /^[\p{Ll}\p{N}]+(-[\p{Ll}\p{N}]+)*$/u;
