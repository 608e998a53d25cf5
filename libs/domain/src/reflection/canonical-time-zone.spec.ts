import { canonicalTimeZone } from './canonical-time-zone';

describe('canonicalTimeZone', () => {
  it("writes a zone in ICU's spelling", () => {
    expect(canonicalTimeZone('europe/amsterdam')).toBe('Europe/Amsterdam');
    expect(canonicalTimeZone('AMERICA/NEW_YORK')).toBe('America/New_York');
    expect(canonicalTimeZone('Europe/Amsterdam')).toBe('Europe/Amsterdam');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    // ICU keeps old names: why the database's spelling is what is stored.
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kiev');
  });
});
