/** How many re-checks a lesson's detail view shows: the most recent; the rest are at its rechecks list. */
export const RECENT_RECHECKS = 20;
