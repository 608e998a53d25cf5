/** open → done | cancelled. */
export enum ActionStatus {
  Open = 'open',
  Done = 'done',
  Cancelled = 'cancelled',
}
