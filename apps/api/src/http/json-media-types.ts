/**
 * The media types a request body may have, as the OpenAPI document says: JSON itself. Not other
 * `+json` types: a merge patch (RFC 7396: null removes a member) or JSON:API would be read as
 * plain JSON, with a meaning the sender did not intend.
 */
export const JSON_MEDIA_TYPES = ['application/json'];
