import { EntityManager } from 'typeorm';
import { remindedSessionSql } from './reminded-session-sql';

/**
 * Of these sessions, those whose reminder went out (by e-mail or webhook): people were told of
 * them, so a change of the series does not delete or move them unannounced; a series that stops
 * cancels them, and everyone hears.
 */
export async function remindedSessions(m: EntityManager, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows: { id: string }[] = await m.query(
    `SELECT s.id FROM reflection_sessions s WHERE s.id = ANY($1::uuid[]) AND ${remindedSessionSql('s')}`,
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}
