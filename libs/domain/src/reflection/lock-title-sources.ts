import { EntityManager } from 'typeorm';
import { AgendaItemEntity } from './agenda-item.entity';
import { AgendaItemKind } from './agenda-item-kind';
import { AGENDA_ITEM_REFERENCES } from './agenda-item-references';

/** What a change of an incident's audience locks, in its order (IncidentsService.lockAudienceChange). */
const ORDER = [AgendaItemKind.Lesson, AgendaItemKind.ActionReview, AgendaItemKind.Incident] as const;

/**
 * Locks FOR SHARE what the masking trigger of `items` will read FOR SHARE as they are written
 * (leerlus_agenda_item_title: a reference's confidentiality stays until the item commits): the
 * references of those new or retitled. Lessons, actions, then incidents, each in id order, as a
 * change of an incident's audience locks them; left to the trigger, item by item in agenda order,
 * an incident first on the agenda but later in id order deadlocked with a change of the audience
 * of another resting on it. Only those the trigger reads: an edit of another (FOR NO KEY UPDATE)
 * goes on, as it did. Taken with the session held: a rename of them, which renames the items on
 * it, takes it first (lockSessionsRenamedOn).
 */
export async function lockTitleSources(
  m: EntityManager,
  items: AgendaItemEntity[],
  before: Map<string, AgendaItemEntity>,
): Promise<void> {
  const written = items.filter((item) => {
    const was = item.id ? before.get(item.id) : undefined;
    return (
      item.referenceId !== null &&
      (!was || was.title !== item.title || was.kind !== item.kind || was.referenceId !== item.referenceId)
    );
  });
  for (const kind of ORDER) {
    const ids = [...new Set(written.filter((i) => i.kind === kind).map((i) => i.referenceId!))];
    if (ids.length === 0) continue;
    await m.query(
      `SELECT 1 FROM ${AGENDA_ITEM_REFERENCES[kind].table} WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`,
      [ids],
    );
  }
}
