/** The media types a request body may have: the ones express.json parses. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
