import { escapeText, foldLine, paramText } from './ics-text';

/** Undoes folding (RFC 5545 §3.1): a line break followed by one space is removed. */
const unfold = (folded: string) => folded.replace(/\r\n /g, '');
const octets = (text: string) => Buffer.byteLength(text, 'utf8');

describe('foldLine', () => {
  const samples: string[] = [];
  const alphabets = ['abcdefghij ;,:', 'aé€😀', 'x'];
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const alphabet of alphabets) {
    const chars = [...alphabet];
    for (const length of [0, 1, 74, 75, 76, 148, 149, 150, 151, 300, 1000]) {
      samples.push(Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join(''));
    }
  }

  it.each(samples.map((sample) => [sample.length, sample]))(
    'keeps every physical line within 75 octets and unfolds to the original (%i characters)',
    (_length, line) => {
      const folded = foldLine(line as string);
      expect(unfold(folded)).toBe(line);
      const physical = folded.split('\r\n');
      physical.forEach((part, index) => {
        expect(octets(part)).toBeLessThanOrEqual(75);
        if (index > 0) expect(part.startsWith(' ')).toBe(true);
      });
      // Folded only where needed: every line but the last is full (a multi-byte character may
      // leave up to three octets free).
      physical.slice(0, -1).forEach((part) => expect(octets(part)).toBeGreaterThanOrEqual(72));
    },
  );

  it('never splits a character across lines', () => {
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(100)}`);
    for (const part of folded.split('\r\n')) expect(part).not.toContain('\uFFFD');
    expect(folded.split('\r\n')[0]).toBe(`DESCRIPTION:${'é'.repeat(31)}`);
  });
});

describe('escapeText and paramText', () => {
  it('escape what TEXT gives a meaning and leave no control character but HTAB', () => {
    expect(escapeText('Zaal 1; bel, of\r\nkom\\langs')).toBe('Zaal 1\\; bel\\, of\\nkom\\\\langs');
    expect(escapeText('Reflectie\u000bdirectie\u001b[31m\u0007\u007f\tklaar')).toBe(
      'Reflectie directie [31m  \tklaar',
    );
    expect(paramText('Lars "de" Leider\u007f\u0000')).toBe('Lars  de  Leider');
  });
});
