import { DomainError } from './domain.error';
import { FUTURE_TOLERANCE_MS } from './future-tolerance';

/**
 * A moment a client gives that cannot lie after `latest` (now, or the report it belongs to): a
 * few minutes later is a clock running fast that said "now", and is taken as `latest`; further
 * is refused, naming the field.
 */
export function momentBy(
  value: Date,
  latest: Date,
  field: string,
  reason = 'must not be in the future',
): Date {
  if (value.getTime() > latest.getTime() + FUTURE_TOLERANCE_MS) throw DomainError.invalid(field, reason);
  return value > latest ? latest : value;
}
