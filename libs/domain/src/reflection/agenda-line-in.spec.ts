import { actionReviewTitle } from './action-review-title';
import { agendaLineIn } from './agenda-line-in';
import { CONFIDENTIAL_LESSON_TITLE } from './confidential-lesson-title';

describe('agendaLineIn', () => {
  it.each([
    ['Les ter validatie: Test de betaalketen', 'Lesson to validate: Test de betaalketen'],
    ['Goede praktijk ter bekrachtiging: Storingsoefening', 'Best practice to endorse: Storingsoefening'],
    [
      'Herijking les (beklijft het?): Test de betaalketen',
      'Lesson re-check (did it stick?): Test de betaalketen',
    ],
    ['Vertrouwelijk incident (high)', 'Confidential incident (high)'],
    [actionReviewTitle(3), 'Review overdue actions (3)'],
    [
      `Les ter validatie: ${CONFIDENTIAL_LESSON_TITLE}`,
      'Lesson to validate: Lesson from a confidential incident',
    ],
    ['Actie uit een vertrouwelijk incident', 'Action from a confidential incident'],
    ['Actie: Werkinstructie aanpassen', 'Action: Werkinstructie aanpassen'],
    ['Verlopen acties bespreken', 'Review overdue actions'],
    // What people typed stays as typed.
    ['Vertrouwen in de uitvoering', 'Vertrouwen in de uitvoering'],
    ['Vertrouwelijk incident (ernstig)', 'Vertrouwelijk incident (ernstig)'],
    [`Notitie over ${CONFIDENTIAL_LESSON_TITLE}`, `Notitie over ${CONFIDENTIAL_LESSON_TITLE}`],
  ])('writes %s in English', (dutch, english) => {
    expect(agendaLineIn(dutch, 'en')).toBe(english);
    expect(agendaLineIn(dutch, 'nl')).toBe(dutch);
  });
});
