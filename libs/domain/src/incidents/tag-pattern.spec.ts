import { normaliseTag } from './normalise-tag';
import { TAG_PATTERN } from './tag-pattern';

describe('TAG_PATTERN', () => {
  it.each([
    'digitale-zorg',
    'één-loket',
    'wet-2026',
    'مرحبا',
    'שלום',
    '中文',
    'हिन्दी',
    'i\u0307zmir',
    'می\u200cخواهم',
    'क्\u200dष',
  ])('takes %j', (tag) => expect(TAG_PATTERN.test(tag)).toBe(true));

  it.each([
    '',
    '-zorg',
    'zorg-',
    'zorg--welzijn',
    'zorg-&-welzijn',
    'ict-/-data',
    '\u0301zorg',
    'zorg\u200b',
    '\u200czorg',
    'zorg\u200c',
    'zorg\u200c-welzijn',
    '12\u200c3',
  ])('refuses %j', (tag) => expect(TAG_PATTERN.test(tag)).toBe(false));

  it('takes tags typed in any script once normalised, as the message (letters and digits) says', () => {
    for (const typed of ['Digitale Zorg', 'مرحبا', 'שלום', '中文', 'İzmir', 'Ǆemal', '\ufb01etsroute'])
      expect([typed, TAG_PATTERN.test(normaliseTag(typed))]).toEqual([typed, true]);
  });
});
