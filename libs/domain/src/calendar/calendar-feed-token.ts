import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID_HEX = /^[0-9a-f]{32}$/;

function mac(secret: string, personId: string, version: number): Buffer {
  return createHmac('sha256', secret).update(`calendar-feed:${personId}:${version}`, 'utf8').digest();
}

/**
 * A person's feed token: their id (so the feed knows whom to load) and an HMAC over id and key
 * version. Nothing secret is stored: the URL can be shown again at any time, and raising the
 * version (rotation) or changing CALENDAR_FEED_SECRET revokes it.
 */
export function calendarFeedToken(secret: string, personId: string, version: number): string {
  const id = Buffer.from(personId.replace(/-/g, ''), 'hex').toString('base64url');
  return `${id}${mac(secret, personId, version).toString('base64url')}`;
}

/** The person id a token claims to be for (not yet verified), or null when it is malformed. */
export function calendarFeedPersonId(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{65}$/.test(token)) return null;
  const hex = Buffer.from(token.slice(0, 22), 'base64url').toString('hex');
  if (!UUID_HEX.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Whether the token is the current one for this person and version (constant-time compare). The
 * text is compared, not the bytes it decodes to: base64 ignores the spare bits of a last
 * character, so several spellings decode alike, and only the one handed out is the token.
 */
export function verifyCalendarFeedToken(
  secret: string,
  token: string,
  personId: string,
  version: number,
): boolean {
  const given = Buffer.from(token, 'utf8');
  const expected = Buffer.from(calendarFeedToken(secret, personId, version), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
