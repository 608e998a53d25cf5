import { InvalidParam } from '@app/domain/shared/invalid-param';

/**
 * Query parameters given more than once (`?tag=a&tag=b`). A filter that takes several values takes
 * them comma-separated in one parameter, and the DTO's own messages ("must be a string") would
 * point the wrong way.
 */
export function repeatedQueryParams(query: unknown): InvalidParam[] {
  if (typeof query !== 'object' || query === null) return [];
  return Object.entries(query)
    .filter(([, value]) => Array.isArray(value))
    .map(([name]) => ({
      name,
      reason:
        'is given more than once; give it once (a filter that takes several values takes them comma-separated, as in severity=high,critical)',
    }));
}
