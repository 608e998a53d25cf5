import { EntityManager } from 'typeorm';

/**
 * Locks the series of a session, before the session is locked: whatever changes a session and its
 * messages takes the series first (as a series edit or a change of the chain's triangle does), so
 * no two of them wait for each other in opposite order.
 */
export async function lockSeriesOfSession(m: EntityManager, sessionId: string): Promise<void> {
  await m.query(
    `SELECT 1 FROM reflection_series WHERE id = (SELECT series_id FROM reflection_sessions WHERE id = $1)
     FOR UPDATE`,
    [sessionId],
  );
}
