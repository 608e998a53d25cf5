import { DomainError } from '../shared/domain.error';
import { SeriesKind } from './series-kind';

/** Kinds whose sessions are about one chain and invite its triangle. */
const CHAIN_KINDS: SeriesKind[] = [SeriesKind.Chain, SeriesKind.Triangle];

/** A series without a chain: refused for a kind that is about a chain (it would invite no triangle). */
export function requireChainOfKind(kind: SeriesKind): void {
  if (CHAIN_KINDS.includes(kind))
    throw DomainError.invalid('chainId', `is required for a series of kind ${kind}: its triangle is invited`);
}
