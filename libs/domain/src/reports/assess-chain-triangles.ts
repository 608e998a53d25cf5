import { assessTriangleHealth, AssignmentFact } from '../governance/assess-triangle-health';
import { ChainTriangleDto } from './dto/chain-triangle.dto';
import { TriangleRow } from './triangle-row';

/** Triangle health of each chain on `day`, in the order the chains come in. */
export function assessChainTriangles(rows: TriangleRow[], day: string): ChainTriangleDto[] {
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
      });
  }
  return [...chains.entries()].map(([chainId, { name, assignments }]) => {
    const { healthy, vacantRoles, mixedRoles } = assessTriangleHealth(assignments, day);
    return { chainId, name, healthy, vacantRoles, mixedRoles };
  });
}
