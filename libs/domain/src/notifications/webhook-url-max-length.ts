/**
 * The longest webhook URL, counted as it is stored and sent (percent-encoded, see webhookUrlAsSent):
 * the length of the subscription's url column and of a delivery's target.
 */
export const WEBHOOK_URL_MAX_LENGTH = 2000;
