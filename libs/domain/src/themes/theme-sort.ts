/** The orders a theme list can be sorted in; a leading `-` sorts descending. */
export enum ThemeSort {
  /** Active first, then the least recently discussed: as the agenda picks them. */
  Agenda = 'agenda',
  Title = 'title',
  TitleDesc = '-title',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  LastDiscussedAt = 'lastDiscussedAt',
  LastDiscussedAtDesc = '-lastDiscussedAt',
}
