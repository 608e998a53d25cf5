import { normaliseTag } from './normalise-tag';

describe('normaliseTag', () => {
  it.each([
    [' Klant  Contact', 'klant-contact'],
    ['\tICT\n', 'ict'],
    ['re-integratie', 're-integratie'],
    ['Één loket', 'één-loket'],
    // A combining accent (pasted from a PDF) is composed: the same tag as the one typed.
    ['Cafe\u0301', 'caf\u00e9'],
    // Compatibility forms (a ligature, full-width letters and digits) are the plain ones.
    ['\ufb01etsroute', 'fietsroute'],
    ['\uff26\uff49\uff45\uff54\uff53 \uff12', 'fiets-2'],
    // Lower-casing leaves a combining mark: composed where Unicode can, kept where it cannot.
    ['T\u0308', '\u1e97'],
    ['\u0130zmir', 'i\u0307zmir'],
    // Scripts without case are left as they are.
    ['مرحبا', 'مرحبا'],
    ['中文', '中文'],
    ['   ', ''],
    // Left for IsTagList to refuse.
    ['ICT / Data', 'ict-/-data'],
  ])('%j becomes %j', (typed, stored) => expect(normaliseTag(typed)).toBe(stored));
});
