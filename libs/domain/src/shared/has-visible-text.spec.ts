import { hasVisibleText } from './has-visible-text';

describe('hasVisibleText', () => {
  it('finds letters, and nothing in white space, invisible characters, blank letters or lone marks', () => {
    expect(hasVisibleText('Datalek')).toBe(true);
    expect(hasVisibleText('  é ')).toBe(true);
    expect(hasVisibleText('e\u0301')).toBe(true);
    expect(hasVisibleText('\u3164Datalek')).toBe(true);
    const blanks = ['', '   ', '\t\n', '\u200b', ' \u200b\u2060\ufeff ', '\u00a0', '\u0085'];
    // Blank letters, and marks with nothing to sit on.
    blanks.push('\u3164', '\u115f', '\u1160', '\uffa0', '\u2800', '\u034f', '\ufe0f', '\u0301');
    for (const blank of blanks) expect([blank, hasVisibleText(blank)]).toEqual([blank, false]);
  });
});
