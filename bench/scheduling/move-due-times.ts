import { DataSource } from 'typeorm';

/**
 * Moves every planned reminder of the organisation by `byMs`, in one statement, and returns the
 * stored dueAt (ms since the epoch) per notification id. Reminders are planned well beyond the
 * dispatcher's lookahead first, so however long planning takes, the due minute starts a fixed lead
 * after it; the dispatcher then meets them as it meets any pending row.
 */
export async function moveDueTimes(
  dataSource: DataSource,
  organisationId: string,
  byMs: number,
): Promise<Map<string, number>> {
  // TypeORM answers an UPDATE with [rows, affectedCount].
  const [rows]: [{ id: string; due_at: Date }[], number] = await dataSource.query(
    `UPDATE notifications SET due_at = due_at + $2 * interval '1 millisecond', updated_at = now()
     WHERE organisation_id = $1 AND status = 'pending' RETURNING id, due_at`,
    [organisationId, byMs],
  );
  return new Map(rows.map((r) => [r.id, new Date(r.due_at).getTime()]));
}
