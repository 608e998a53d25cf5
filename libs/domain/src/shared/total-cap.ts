/**
 * Totals of the registers that grow without end (incidents, lessons, best practices, actions,
 * agenda items, notifications, audit events) are counted up to here; past it `total` is the cap and
 * `totalCapped` true. An exact count reads every matching row (850,000 for an unfiltered incident
 * list at a million incidents, 250,000 lessons); up to 10,000 it stays a few milliseconds.
 */
export const TOTAL_CAP = 10_000;
