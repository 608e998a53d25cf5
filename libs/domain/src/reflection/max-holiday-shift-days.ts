/** How many days at most a public holiday moves a session on (to the next working day). */
export const MAX_HOLIDAY_SHIFT_DAYS = 14;
