/**
 * What mail headers, SMTP and calendar attendees (mailto: URIs, RFC 6068) carry as they are: ASCII,
 * no quoted local part and none of the characters a mailto: URI would have to escape (`?` starts
 * its header fields: `quinn?x=1@x.nl` was attendee "quinn"), a domain name (an internationalised
 * one in its xn-- form). No `$` before `'` in the class: the OpenAPI document carries the pattern,
 * and Swagger UI's script is made with String.replace, which reads `$'` as "the rest of the text".
 */
export const MAIL_ADDRESS_PATTERN = /^[A-Za-z0-9.!'*+_~$-]+@[A-Za-z0-9.-]+$/;
