import { DomainError } from './domain.error';
import { hasVisibleText } from './has-visible-text';

/** Each named text field must hold visible text; the first that does not is a 400. */
export function requireFilledIn<T extends object>(
  record: T,
  fields: readonly (keyof T & string)[],
  reason: string,
): void {
  for (const field of fields)
    if (!hasVisibleText(String(record[field] ?? ''))) throw DomainError.invalid(field, reason);
}
