/** The longest meeting URL, counted as it is stored and shown (percent-encoded, see requireUri). */
export const MEETING_URL_MAX_LENGTH = 2000;
