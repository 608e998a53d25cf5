import { assessTriangleHealth, AssignmentFact } from '../governance/assess-triangle-health';
import { ChainTriangleDto } from './dto/chain-triangle.dto';
import { TriangleRow } from './triangle-row';

/**
 * Triangle health of each chain on `day`, in the order the chains come in. From `today` on, a role
 * held by someone who left counts as vacant (as GET /v1/chains/{id}/triangle-health says).
 */
export function assessChainTriangles(rows: TriangleRow[], day: string, today: string): ChainTriangleDto[] {
  const chains = new Map<string, { name: string; assignments: AssignmentFact[] }>();
  for (const row of rows) {
    const chain = chains.get(row.chainId) ?? { name: row.name, assignments: [] };
    chains.set(row.chainId, chain);
    if (row.id && row.personId && row.role && row.validFrom)
      chain.assignments.push({
        id: row.id,
        personId: row.personId,
        role: row.role,
        validFrom: row.validFrom,
        validTo: row.validTo,
        holderLeft: day >= today && row.holderActive === false,
      });
  }
  return [...chains.entries()].map(([chainId, { name, assignments }]) => {
    const { healthy, vacantRoles, mixedRoles } = assessTriangleHealth(assignments, day);
    return { chainId, name, healthy, vacantRoles, mixedRoles };
  });
}
