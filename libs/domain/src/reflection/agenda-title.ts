/** The longest title an agenda item holds (characters, as PostgreSQL counts them). */
const AGENDA_TITLE_MAX = 300;

/**
 * A title as an agenda item holds it: cut with an ellipsis when longer than it may be. Counted and
 * cut in characters (code points), not UTF-16 units: a cut through an emoji would leave half of it,
 * which PostgreSQL stores as U+FFFD.
 */
export function agendaTitle(text: string): string {
  const characters = Array.from(text);
  return characters.length > AGENDA_TITLE_MAX
    ? `${characters.slice(0, AGENDA_TITLE_MAX - 1).join('')}…`
    : text;
}
