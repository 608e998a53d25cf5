import { Transform } from 'class-transformer';

/**
 * A name as people read it: white space of any kind (a non-breaking space, a tab) as one space,
 * none around it, composed Unicode. "Team A " and "Team\u00a0A" are "Team A", so the names that
 * must be unique cannot differ only in what nobody sees.
 */
export function NormalisedName(): PropertyDecorator {
  return Transform(({ value }) =>
    typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : value,
  );
}
