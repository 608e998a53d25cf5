import { DomainError } from './domain.error';
import { unfilledFields } from './unfilled-fields';

/** Each named text field must hold visible text; those that do not are one 400 naming them all. */
export function requireFilledIn<T extends object>(
  record: T,
  fields: readonly (keyof T & string)[],
  reason: string,
): void {
  const unfilled = unfilledFields(record, fields, reason);
  if (unfilled.length > 0) throw DomainError.invalidParams(unfilled);
}
