import { normaliseTag } from './normalise-tag';

describe('normaliseTag', () => {
  it.each([
    [' Klant  Contact', 'klant-contact'],
    ['\tICT\n', 'ict'],
    ['re-integratie', 're-integratie'],
    ['Één loket', 'één-loket'],
    ['   ', ''],
    // Left for IsTagList to refuse.
    ['ICT / Data', 'ict-/-data'],
  ])('%j becomes %j', (typed, stored) => expect(normaliseTag(typed)).toBe(stored));
});
