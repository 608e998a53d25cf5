import { DomainError } from './domain.error';

/**
 * Refuses a moment with a fraction of a second (400 naming `field`): calendars (DTSTART) and feeds
 * write whole seconds, and a rule repeats the time to the second.
 */
export function requireWholeSecond(field: string, instant: Date): void {
  if (instant.getMilliseconds() !== 0)
    throw DomainError.invalid(field, 'must be on a whole second (no fraction of a second)');
}
