/** How long a session lasts, in whole minutes. */
export function sessionMinutes(session: { scheduledAt: Date; endsAt: Date }): number {
  return Math.round((session.endsAt.getTime() - session.scheduledAt.getTime()) / 60000);
}
