import { hasVisibleText } from './has-visible-text';

describe('hasVisibleText', () => {
  it('finds letters, and nothing in white space or invisible format characters', () => {
    expect(hasVisibleText('Datalek')).toBe(true);
    expect(hasVisibleText('  é ')).toBe(true);
    for (const blank of ['', '   ', '\t\n', '\u200b', ' \u200b\u2060\ufeff ', '\u00a0'])
      expect([blank, hasVisibleText(blank)]).toEqual([blank, false]);
  });
});
