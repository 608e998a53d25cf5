import { CONFIDENTIAL_LESSON_TITLE } from './confidential-lesson-title';

/** What the compiler and the masking write in Dutch, with its English; the rest is what people typed. */
const ENGLISH: [RegExp, string][] = [
  [/^Les ter validatie: /, 'Lesson to validate: '],
  [/^Goede praktijk ter bekrachtiging: /, 'Best practice to endorse: '],
  [/^Herijking les \(beklijft het\?\): /, 'Lesson re-check (did it stick?): '],
  [/^Vertrouwelijk incident \((low|medium|high|critical)\)$/, 'Confidential incident ($1)'],
  // The review as compiled (with its count) or picked by hand (without).
  [/^Verlopen acties bespreken( \(\d+\))?$/, 'Review overdue actions$1'],
  // The masked lesson, alone or after a compiled prefix (translated first, above).
  [new RegExp(`(^|: )${CONFIDENTIAL_LESSON_TITLE}$`), '$1Lesson from a confidential incident'],
  // An action picked for review (migration 1764680000000, AgendaItemsService's titles).
  [/^Actie uit een vertrouwelijk incident$/, 'Action from a confidential incident'],
  [/^Actie: /, 'Action: '],
];

/**
 * An agenda line as a reader of this locale sees it: the compiled and masked lines are stored in
 * Dutch (everyone reads one agenda), and an English mail or feed showed them so.
 */
export function agendaLineIn(title: string, locale: 'nl' | 'en'): string {
  if (locale !== 'en') return title;
  // A prefix and a masked title may both be there: "Les ter validatie: Les uit een vertrouwelijk incident".
  return ENGLISH.reduce((line, [dutch, english]) => line.replace(dutch, english), title);
}
