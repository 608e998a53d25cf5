import { EntityManager } from 'typeorm';

/**
 * Of these sessions, those with a lesson or an action drawn from them: they are part of the
 * record and are not deleted (their lessons and actions would point at nothing). The caller has
 * locked the sessions FOR UPDATE, in an earlier statement: a lesson or an action being created
 * holds a share lock on its session until it commits, so this statement sees it.
 */
export async function sessionsWithFollowUp(m: EntityManager, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows: { id: string }[] = await m.query(
    `SELECT l.source_id AS id FROM lessons l
     WHERE l.source_type = 'reflection-session' AND l.source_id = ANY($1::uuid[])
     UNION
     SELECT a.source_id FROM actions a
     WHERE a.source_type = 'reflection-session' AND a.source_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}
