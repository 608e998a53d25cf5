import { EntityManager } from 'typeorm';
import { AgendaItemKind } from './agenda-item-kind';

/**
 * Agenda items as everyone invited reads them (an agenda e-mail, the agenda.published webhook): an
 * item showing a placeholder instead of its title (a confidential incident, a lesson or an action
 * drawn from one) names no `referenceId` either. Decided by the flags the database's
 * `leerlus_agenda_item_title` (migration 1764680000000) masks the titles by, read in the caller's
 * transaction. AgendaReferenceMask does this for one reader, who may see more.
 */
export async function maskAgendaReferences<T extends { kind: AgendaItemKind; referenceId: string | null }>(
  m: EntityManager,
  items: T[],
): Promise<T[]> {
  const of = (kind: AgendaItemKind) =>
    items.filter((i) => i.kind === kind && i.referenceId !== null).map((i) => i.referenceId as string);
  const [incidents, lessons, actions] = [
    of(AgendaItemKind.Incident),
    of(AgendaItemKind.Lesson),
    of(AgendaItemKind.ActionReview),
  ];
  if (incidents.length + lessons.length + actions.length === 0) return items;
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM incidents WHERE id = ANY($1::uuid[]) AND confidentiality = 'confidential'
     UNION ALL SELECT id FROM lessons WHERE id = ANY($2::uuid[]) AND source_confidential
     UNION ALL SELECT id FROM actions WHERE id = ANY($3::uuid[]) AND source_confidential`,
    [incidents, lessons, actions],
  );
  const masked = new Set(rows.map((row) => row.id));
  return items.map((i) =>
    i.referenceId !== null && masked.has(i.referenceId) ? { ...i, referenceId: null } : i,
  );
}
