/** Quarters, local dates and "on time" are judged on the Dutch calendar. */
export const REPORT_TIME_ZONE = 'Europe/Amsterdam';
