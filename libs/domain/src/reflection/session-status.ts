/** planned → agenda-sent → held | postponed | cancelled. */
export enum SessionStatus {
  Planned = 'planned',
  AgendaSent = 'agenda-sent',
  Held = 'held',
  Postponed = 'postponed',
  Cancelled = 'cancelled',
}
