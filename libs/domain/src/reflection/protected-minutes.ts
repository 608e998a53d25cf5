/** The minutes of a session kept for learning items: its share, rounded up (0.4 × 90 is 36, not 37). */
export function protectedMinutes(sessionMinutes: number, protectedShare: number): number {
  const total = Math.max(0, Math.floor(sessionMinutes));
  const share = Math.min(1, Math.max(0, protectedShare));
  return Math.min(total, Math.ceil(Math.round(share * total * 1000) / 1000));
}
