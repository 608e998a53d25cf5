/**
 * How far into the future a reported moment may lie: a client whose clock runs a little ahead,
 * recording "now", is not refused.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
