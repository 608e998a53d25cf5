/**
 * A sorted set of workers that stopped cleanly (member: worker id, score: when it stopped, in
 * ms). A worker moves itself here from the running ones as it stops, so health still knows one
 * was seen and says `down`, not `unknown`, until a worker beats again.
 */
export function workerStoppedKey(prefix: string): string {
  return `${prefix}:workers:stopped`;
}
