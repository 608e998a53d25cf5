import { EntityManager } from 'typeorm';

/** First key of an incident's audience lock (the second is its id's hash). */
const INCIDENT_AUDIENCE_LOCK = 1765130000;

/**
 * Orders a change of who may see an incident (its confidentiality or chain: exclusive) against
 * drawing a lesson or an action from it (shared), before either locks anything else. The change
 * locks the incident's lessons and actions, then the incident, whose triggers update them all: one
 * drawn in between was not among those locked, and a second change of the audience that took it
 * first and then waited for the others deadlocked with the first.
 */
export async function lockIncidentAudience(
  m: EntityManager,
  incidentId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  await m.query(
    `SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}($1, hashtext($2))`,
    [INCIDENT_AUDIENCE_LOCK, incidentId],
  );
}
