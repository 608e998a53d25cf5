/** The problems one answer lists: enough to fix a request by, never a megabyte of them. */
export const MAX_INVALID_PARAMS = 20;
