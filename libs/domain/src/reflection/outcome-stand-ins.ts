import { EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { SessionRecipient } from './session-recipient';

/**
 * Who is asked for a session's outcome while its series' chair is no longer active: the
 * organisation's leads, or without any its admins. They may record the outcome and give the series
 * a new chair; offboarding a chair never waits for that, so the request must not go nowhere.
 */
export async function outcomeStandIns(m: EntityManager, organisationId: string): Promise<SessionRecipient[]> {
  for (const role of [AccessRole.Lead, AccessRole.Admin]) {
    const people: SessionRecipient[] = await m.query(
      `SELECT id, email, name FROM people
       WHERE organisation_id = $1 AND access_role = $2 AND active AND NOT system_admin ORDER BY id`,
      [organisationId, role],
    );
    if (people.length > 0) return people;
  }
  return [];
}
