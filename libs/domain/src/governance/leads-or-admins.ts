import { EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';

/**
 * Who answers for an organisation when nobody more specific does (an escalation without a chain
 * owner, the outcome of a session whose chair left): its active leads, or without any its admins
 * (never the system administrator), and the role they were found by. `except` is someone who
 * cannot answer (the assignee of an escalated action: one is not escalated to oneself); without
 * other leads, the admins answer. Empty only for an organisation with neither.
 */
export async function leadsOrAdmins(
  m: EntityManager,
  organisationId: string,
  except: string | null = null,
): Promise<{ people: { id: string; email: string; name: string }[]; as: AccessRole }> {
  const found: { id: string; email: string; name: string; role: AccessRole }[] = await m.query(
    `SELECT id, email, name, access_role AS role FROM people
     WHERE organisation_id = $1 AND active AND NOT system_admin AND access_role IN ($2, $3)
       AND id IS DISTINCT FROM $4::uuid
     ORDER BY access_role = $3, id`,
    [organisationId, AccessRole.Lead, AccessRole.Admin, except],
  );
  const as = found[0]?.role ?? AccessRole.Lead;
  return {
    people: found.filter((p) => p.role === as).map(({ id, email, name }) => ({ id, email, name })),
    as,
  };
}
