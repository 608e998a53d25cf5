import { createHash, randomBytes } from 'node:crypto';

/** A new random bearer token; recognisable by its prefix, 256 bits of randomness. */
export function newTokenSecret(): string {
  return `llt_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are stored and looked up only by this hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
