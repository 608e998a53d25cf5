/** A worker that has not beaten for this long is considered gone. */
export const WORKER_HEARTBEAT_STALE_MS = 30_000;
