import { AgendaItemKind } from './agenda-item-kind';

/**
 * Where each kind of reference lives and how its title is read. What an agenda (which every member
 * reads) says instead of the title of something confidential is the database's
 * `leerlus_agenda_item_title` (migration 1764680000000), which also keeps it so when the reference
 * changes later; a title given by hand does not replace it either, and is shown again when the
 * reference is no longer confidential (the item's own title, migration 1765030000000).
 */
export const AGENDA_ITEM_REFERENCES: Record<
  Exclude<AgendaItemKind, AgendaItemKind.Custom>,
  { table: string; what: string; title: string }
> = {
  [AgendaItemKind.Theme]: { table: 'themes', what: 'theme', title: 'title' },
  [AgendaItemKind.Incident]: { table: 'incidents', what: 'incident', title: 'title' },
  [AgendaItemKind.Lesson]: { table: 'lessons', what: 'lesson', title: 'title' },
  [AgendaItemKind.BestPractice]: { table: 'best_practices', what: 'best practice', title: 'title' },
  [AgendaItemKind.ActionReview]: { table: 'actions', what: 'action', title: `'Actie: ' || description` },
};
