/**
 * A due date years after today by the real clock (for tests whose worker runs on it), within the
 * ten years a due date may lie ahead: the action's messages are never due while a test runs.
 */
export const FAR_AHEAD_DUE_DATE = `${new Date().getUTCFullYear() + 5}-03-31`;
