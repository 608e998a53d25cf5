import { Transform } from 'class-transformer';

/** Characters that show nothing: soft hyphen, zero-width space and joiners, word joiner, BOM. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * A name as people read it: white space of any kind (a non-breaking space, a tab) as one space,
 * none around it, nothing invisible, composed Unicode. "Team A ", "Team\u00a0A" and "Team
 * \u200bA" are "Team A", so the names that must be unique cannot differ only in what nobody sees;
 * a list filter on a name reads it the same way.
 */
export function NormalisedName(): PropertyDecorator {
  return Transform(({ value }) =>
    typeof value === 'string'
      ? value.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim()
      : value,
  );
}
