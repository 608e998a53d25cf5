/** The API's semantic version, sent in the API-Version header and the OpenAPI document. */
export const API_VERSION = '1.0.0';
