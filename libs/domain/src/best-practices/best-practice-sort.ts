/** The orders a best-practice list can be sorted in; a leading `-` sorts descending. */
export enum BestPracticeSort {
  Relevance = 'relevance',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  UpdatedAt = 'updatedAt',
  UpdatedAtDesc = '-updatedAt',
  Title = 'title',
  TitleDesc = '-title',
  Status = 'status',
  StatusDesc = '-status',
}
