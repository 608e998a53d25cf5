import { DomainError } from './domain.error';

/**
 * Refuses a planned moment more than ten years after `now`: further is a typo, and what is
 * planned from it (a re-check on the agenda, a reminder) would wait for ever.
 */
export function requireWithinTenYears(moment: Date, now: Date, field: string): void {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + 10);
  if (moment > latest)
    throw DomainError.invalid(
      field,
      `must not be more than ten years ahead (not after ${latest.toISOString()})`,
    );
}
