/** The orders a lesson list can be sorted in; a leading `-` sorts descending. */
export enum LessonSort {
  Relevance = 'relevance',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  ValidatedAt = 'validatedAt',
  ValidatedAtDesc = '-validatedAt',
  RecheckAt = 'recheckAt',
  RecheckAtDesc = '-recheckAt',
  Title = 'title',
  TitleDesc = '-title',
  Status = 'status',
  StatusDesc = '-status',
}
