/**
 * A sorted set of running workers (member: worker id, score: last beat in ms). A worker beats
 * every few seconds and moves itself to workerStoppedKey on a clean stop; the api's health reads
 * both.
 */
export function workerHeartbeatKey(prefix: string): string {
  return `${prefix}:workers`;
}
