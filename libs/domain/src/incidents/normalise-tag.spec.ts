import { normaliseTag } from './normalise-tag';

describe('normaliseTag', () => {
  it.each([
    [' Klant  Contact', 'klant-contact'],
    ['\tICT\n', 'ict'],
    ['re-integratie', 're-integratie'],
    ['Één loket', 'één-loket'],
    // A combining accent (pasted from a PDF) is composed: the same tag as the one typed.
    ['Cafe\u0301', 'caf\u00e9'],
    ['   ', ''],
    // Left for IsTagList to refuse.
    ['ICT / Data', 'ict-/-data'],
  ])('%j becomes %j', (typed, stored) => expect(normaliseTag(typed)).toBe(stored));
});
