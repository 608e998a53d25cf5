import { EntityManager } from 'typeorm';
import { AgendaItemKind } from './agenda-item-kind';
import { AGENDA_ITEM_REFERENCES } from './agenda-item-references';

/** What an agenda item is about. */
interface Subject {
  kind: AgendaItemKind;
  referenceId: string | null;
}

/**
 * Locks what agenda items about to be written are about FOR KEY SHARE, until the transaction
 * ends, and returns those already deleted. A delete's trigger takes along only the items that
 * exist when it runs: locked, a delete waits for the items and then takes them (a theme's is
 * refused); deleted before, its items must not be written. KEY SHARE lets edits of the subjects
 * go on. Tables in one order, rows by id, so compilations lock alike.
 */
export async function lockAgendaSubjects(
  m: EntityManager,
  organisationId: string,
  subjects: Subject[],
): Promise<Subject[]> {
  const gone: Subject[] = [];
  for (const [kind, { table }] of Object.entries(AGENDA_ITEM_REFERENCES)) {
    const ids = [
      ...new Set(subjects.filter((s) => s.kind === kind && s.referenceId).map((s) => s.referenceId!)),
    ];
    if (ids.length === 0) continue;
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) AND organisation_id = $2 ORDER BY id FOR KEY SHARE`,
      [ids, organisationId],
    );
    const found = new Set(rows.map((r) => r.id));
    gone.push(
      ...ids.filter((id) => !found.has(id)).map((id) => ({ kind: kind as AgendaItemKind, referenceId: id })),
    );
  }
  return gone;
}
