import { calendarFeedPersonId, calendarFeedToken, verifyCalendarFeedToken } from './calendar-feed-token';

describe('calendar feed token', () => {
  const secret = 's'.repeat(32);
  const personId = '0f8d2c1e-7a44-4b1f-9e3c-5d6a7b8c9d0e';

  it('carries the person id and verifies for the current version only', () => {
    const token = calendarFeedToken(secret, personId, 1);
    expect(token).toMatch(/^[A-Za-z0-9_-]{65}$/);
    expect(calendarFeedPersonId(token)).toBe(personId);
    expect(verifyCalendarFeedToken(secret, token, personId, 1)).toBe(true);
    expect(verifyCalendarFeedToken(secret, token, personId, 2)).toBe(false);
    expect(verifyCalendarFeedToken('t'.repeat(32), token, personId, 1)).toBe(false);
  });

  it('refuses malformed and tampered tokens', () => {
    const token = calendarFeedToken(secret, personId, 1);
    expect(calendarFeedPersonId('short')).toBeNull();
    expect(calendarFeedPersonId(`${token}x`)).toBeNull();
    const tampered = `${token.slice(0, 40)}${token[40] === 'A' ? 'B' : 'A'}${token.slice(41)}`;
    expect(verifyCalendarFeedToken(secret, tampered, personId, 1)).toBe(false);
  });

  it('is only the spelling handed out, not another last character that decodes alike', () => {
    const token = calendarFeedToken(secret, personId, 1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const variants = [...alphabet]
      .filter((c) => c !== token[64])
      .map((c) => `${token.slice(0, 64)}${c}`)
      .filter((variant) =>
        Buffer.from(variant.slice(22), 'base64url').equals(Buffer.from(token.slice(22), 'base64url')),
      );
    // The 43rd character of a 32-byte MAC carries two spare bits: three other spellings.
    expect(variants).toHaveLength(3);
    for (const variant of variants) expect(verifyCalendarFeedToken(secret, variant, personId, 1)).toBe(false);
  });
});
