import { hasVisibleText } from './has-visible-text';
import { InvalidParam } from './invalid-param';

/** The named fields without visible text, each with `reason`: a caller names them all at once. */
export function unfilledFields<T extends object>(
  record: T,
  fields: readonly (keyof T & string)[],
  reason: string,
): InvalidParam[] {
  return fields
    .filter((field) => !hasVisibleText(String(record[field] ?? '')))
    .map((name) => ({ name, reason }));
}
