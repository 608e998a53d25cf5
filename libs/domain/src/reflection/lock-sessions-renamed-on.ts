import { EntityManager } from 'typeorm';
import { AgendaItemKind } from './agenda-item-kind';

/**
 * Locks FOR SHARE, in id order, the planned sessions with an item about this reference: those
 * whose items its rename renames (leerlus_reference_agenda_renamed reads their session FOR SHARE).
 * Called before the reference (and what its change locks before it) is locked, as a compilation
 * takes its session before what its items are about: a compilation holding its session and locking
 * the lesson it retitles FOR SHARE (lockTitleSources) deadlocked with a rename that held the lesson,
 * or its incident's lessons, and waited in that trigger for the session.
 */
export async function lockSessionsRenamedOn(
  m: EntityManager,
  kind: AgendaItemKind,
  referenceId: string,
): Promise<void> {
  await m.query(
    `SELECT 1 FROM reflection_sessions s
     WHERE s.status = 'planned'
       AND s.id IN (SELECT a.session_id FROM agenda_items a WHERE a.reference_id = $1 AND a.kind = $2)
     ORDER BY s.id FOR SHARE`,
    [referenceId, kind],
  );
}
