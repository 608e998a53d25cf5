import { DomainError } from './domain.error';

/** Each named text field must hold more than white space; the first that does not is a 400. */
export function requireFilledIn<T extends object>(
  record: T,
  fields: readonly (keyof T & string)[],
  reason: string,
): void {
  for (const field of fields)
    if (!String(record[field] ?? '').trim()) throw DomainError.invalid(field, reason);
}
