/**
 * What mail headers, SMTP and calendar attendees (mailto: URIs) carry as they are: ASCII, no quoted
 * local part, a domain name (an internationalised one in its xn-- form).
 */
export const MAIL_ADDRESS_PATTERN = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
