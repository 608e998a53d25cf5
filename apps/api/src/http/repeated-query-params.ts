import { InvalidParam } from '@app/domain/shared/invalid-param';

/**
 * Query parameters given more than once (`?tag=a&tag=b`). No list filter takes several values, and
 * the DTO's own messages ("must be a string") would point the wrong way.
 */
export function repeatedQueryParams(query: unknown): InvalidParam[] {
  if (typeof query !== 'object' || query === null) return [];
  return Object.entries(query)
    .filter(([, value]) => Array.isArray(value))
    .map(([name]) => ({ name, reason: 'is given more than once; give one value' }));
}
