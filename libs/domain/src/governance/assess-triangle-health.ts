import { ChainRole } from './chain-role';

export interface AssignmentFact {
  id: string;
  personId: string;
  role: ChainRole;
  validFrom: string;
  validTo: string | null;
  /** Its holder has left (active false): the role waits for someone else. */
  holderLeft?: boolean;
}

export interface TriangleHealth {
  healthy: boolean;
  /** Roles nobody holds on the given date. */
  vacantRoles: ChainRole[];
  /** People holding more than one role in the chain on the given date (rolvastheid broken). */
  mixedRoles: { personId: string; roles: ChainRole[] }[];
  /** Assignments that ended before the date and were not renewed for the same person and role. */
  expiredAssignments: AssignmentFact[];
  /** Assignments in force whose holder has left: their roles count as vacant. */
  heldByLeavers: AssignmentFact[];
}

const ROLES = [ChainRole.Owner, ChainRole.Commissioner, ChainRole.Contractor];

function isCurrent(assignment: AssignmentFact, on: string): boolean {
  return assignment.validFrom <= on && (assignment.validTo === null || assignment.validTo >= on);
}

/** Judges a chain's triangle on one date (YYYY-MM-DD): every role filled, nobody in two roles. */
export function assessTriangleHealth(assignments: AssignmentFact[], on: string): TriangleHealth {
  const inForce = assignments.filter((a) => isCurrent(a, on));
  const current = inForce.filter((a) => !a.holderLeft);
  const vacantRoles = ROLES.filter((role) => !current.some((a) => a.role === role));

  const rolesByPerson = new Map<string, Set<ChainRole>>();
  for (const a of current)
    rolesByPerson.set(a.personId, (rolesByPerson.get(a.personId) ?? new Set()).add(a.role));
  const mixedRoles = [...rolesByPerson.entries()]
    .filter(([, roles]) => roles.size > 1)
    .map(([personId, roles]) => ({ personId, roles: ROLES.filter((r) => roles.has(r)) }));

  const expiredAssignments = assignments.filter(
    (a) =>
      a.validTo !== null &&
      a.validTo < on &&
      !current.some((c) => c.personId === a.personId && c.role === a.role),
  );

  return {
    healthy: vacantRoles.length === 0 && mixedRoles.length === 0,
    vacantRoles,
    mixedRoles,
    expiredAssignments,
    heldByLeavers: inForce.filter((a) => a.holderLeft),
  };
}
