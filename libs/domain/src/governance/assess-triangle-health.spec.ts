import { assessTriangleHealth, AssignmentFact } from './assess-triangle-health';
import { ChainRole } from './chain-role';

const at = '2026-06-01';
function a(
  id: string,
  personId: string,
  role: ChainRole,
  validFrom: string,
  validTo: string | null = null,
): AssignmentFact {
  return { id, personId, role, validFrom, validTo };
}

describe('assessTriangleHealth', () => {
  it('is healthy with every role filled by different people, several commissioners allowed', () => {
    const result = assessTriangleHealth(
      [
        a('1', 'sg', ChainRole.Owner, '2026-01-01'),
        a('2', 'dg1', ChainRole.Commissioner, '2026-01-01'),
        a('3', 'dg2', ChainRole.Commissioner, '2026-01-01'),
        a('4', 'uo', ChainRole.Contractor, '2026-01-01'),
      ],
      at,
    );
    expect(result).toEqual({
      healthy: true,
      vacantRoles: [],
      mixedRoles: [],
      expiredAssignments: [],
      heldByLeavers: [],
    });
  });

  it('reports every role vacant for an empty chain', () => {
    expect(assessTriangleHealth([], at).vacantRoles).toEqual([
      ChainRole.Owner,
      ChainRole.Commissioner,
      ChainRole.Contractor,
    ]);
  });

  it('reports a person in two roles as mixed', () => {
    const result = assessTriangleHealth(
      [
        a('1', 'sg', ChainRole.Owner, '2026-01-01'),
        a('2', 'sg', ChainRole.Commissioner, '2026-01-01'),
        a('3', 'uo', ChainRole.Contractor, '2026-01-01'),
      ],
      at,
    );
    expect(result.healthy).toBe(false);
    expect(result.vacantRoles).toEqual([]);
    expect(result.mixedRoles).toEqual([{ personId: 'sg', roles: [ChainRole.Owner, ChainRole.Commissioner] }]);
  });

  it('treats an expired assignment as vacant and lists it; a renewed one is not listed', () => {
    const result = assessTriangleHealth(
      [
        a('1', 'sg', ChainRole.Owner, '2025-01-01', '2026-05-31'),
        a('2', 'dg', ChainRole.Commissioner, '2025-01-01', '2025-12-31'),
        a('3', 'dg', ChainRole.Commissioner, '2026-01-01'),
        a('4', 'uo', ChainRole.Contractor, '2026-07-01'),
      ],
      at,
    );
    expect(result.vacantRoles).toEqual([ChainRole.Owner, ChainRole.Contractor]);
    expect(result.expiredAssignments.map((x) => x.id)).toEqual(['1']);
  });

  it('counts validTo as the last valid day', () => {
    expect(
      assessTriangleHealth([a('1', 'sg', ChainRole.Owner, '2026-01-01', at)], at).vacantRoles,
    ).not.toContain(ChainRole.Owner);
  });

  it('counts a role held by someone who left as vacant, and lists it', () => {
    const result = assessTriangleHealth(
      [
        { ...a('1', 'sg', ChainRole.Owner, '2026-01-01'), holderLeft: true },
        a('2', 'dg', ChainRole.Commissioner, '2026-01-01'),
        a('3', 'uvw', ChainRole.Contractor, '2026-01-01'),
      ],
      at,
    );
    expect(result.healthy).toBe(false);
    expect(result.vacantRoles).toEqual([ChainRole.Owner]);
    expect(result.heldByLeavers.map((x) => x.id)).toEqual(['1']);
  });
});
