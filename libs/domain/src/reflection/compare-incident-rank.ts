import { PublicAttention } from '../incidents/public-attention';
import { Severity } from '../incidents/severity';

/** What ranks an incident on an agenda. */
export interface IncidentRank {
  severity: Severity;
  publicAttention: PublicAttention;
  recurrence: boolean;
  occurredAt: Date;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const ATTENTION_RANK: Record<PublicAttention, number> = { parliamentary: 4, national: 3, local: 2, none: 1 };

/**
 * Which incident comes first on an agenda (negative: `a`): by severity, public attention and
 * recurrence, then the oldest (it has waited longest). For new candidates and for incidents
 * carried over alike.
 */
export function compareIncidentRank(a: IncidentRank, b: IncidentRank): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    ATTENTION_RANK[b.publicAttention] - ATTENTION_RANK[a.publicAttention] ||
    Number(b.recurrence) - Number(a.recurrence) ||
    a.occurredAt.getTime() - b.occurredAt.getTime()
  );
}
