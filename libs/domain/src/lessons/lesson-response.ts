/** The organisation's answer when a lesson is validated. */
export enum LessonResponse {
  Adopted = 'adopted',
  Partially = 'partially',
  NotAdopted = 'not-adopted',
}
