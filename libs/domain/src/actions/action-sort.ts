/** Sort orders of the action list: a property name, descending with a leading minus. */
export enum ActionSort {
  DueDate = 'dueDate',
  DueDateDesc = '-dueDate',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  UpdatedAt = 'updatedAt',
  UpdatedAtDesc = '-updatedAt',
}
