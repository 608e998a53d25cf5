/**
 * What an API token may look like (the characters of base64, base64url and URLs, 20-200 of them,
 * then padding): the auth guard takes no other bearer token, so BOOTSTRAP_ADMIN_TOKEN must match too.
 */
export const API_TOKEN_PATTERN = /^[A-Za-z0-9_\-.~+/]{20,200}=*$/;
