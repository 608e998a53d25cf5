import { EntityManager } from 'typeorm';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';

/** What cannot be emptied out of an organisation: it stays, and so does the organisation. */
const KEPT = new Set(['report_snapshots']);

/**
 * Only an emptied organisation is deleted (README). What still refers to it, other than its
 * delivery log (which goes with it), refuses the delete first and is named: otherwise the reminders
 * and outcome requests of its sessions still ahead made the refusal about messages to send, which
 * the worker would not send for weeks and which emptying it cancels. Found by the foreign keys to
 * organisations, so a table added later counts too. The caller holds the organisation FOR UPDATE:
 * a row being added to it (KEY SHARE) is in before this reads, or waits and then finds it gone.
 */
export async function requireEmptiedOrganisation(m: EntityManager, organisationId: string): Promise<void> {
  const referring: { table: string; column: string }[] = await m.query(
    `SELECT c.conrelid::regclass::text AS "table", quote_ident(a.attname) AS "column"
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND c.confrelid = 'organisations'::regclass
       AND c.conrelid <> 'notifications'::regclass
     ORDER BY 1`,
  );
  const left: string[] = [];
  for (const { table, column } of referring) {
    const [{ found }]: { found: boolean }[] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${column} = $1) AS found`,
      [organisationId],
    );
    if (found) left.push(table);
  }
  if (left.length === 0) return;
  const named = left.map((table) => table.replace(/_/g, ' '));
  const listed = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
  throw new DomainError(
    ErrorCode.Conflict,
    `This organisation is not empty: it still has ${listed}. ` +
      (left.some((table) => KEPT.has(table))
        ? 'Frozen quarterly reports stay as they were made, so it cannot be deleted.'
        : 'Only an emptied organisation can be deleted (one made by mistake): delete those first. ' +
          'Its delivery log (messages sent, cancelled or failed) goes with it.'),
  );
}
