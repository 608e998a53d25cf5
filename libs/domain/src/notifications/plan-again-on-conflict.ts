/**
 * How an INSERT INTO notifications plans a dedupe key again: time, recipient, target and payload
 * of a message not yet sent are updated, a cancelled one revives, and a queued one whose time
 * changed goes back to pending (the dispatcher re-queues it); a sent or failed one is left alone.
 * A revived one loses the reason it was cancelled for (the error of a failed attempt, if any, stays
 * as the error of its last attempt). One that was being retried (an
 * attempt failed) and keeps its time revives queued: its job waits out the backoff, where pending
 * would have it replaced by one due at once (an edit of the series spent the attempts in seconds).
 */
export const PLAN_AGAIN_ON_CONFLICT = `ON CONFLICT (dedupe_key) DO UPDATE SET
  due_at = EXCLUDED.due_at, recipient_id = EXCLUDED.recipient_id, target = EXCLUDED.target,
  payload = EXCLUDED.payload,
  status = CASE
    WHEN notifications.status = 'cancelled' AND notifications.attempts > 0
      AND notifications.due_at = EXCLUDED.due_at THEN 'queued'
    WHEN notifications.status = 'cancelled' THEN 'pending'
    -- A queued job still carries the old time: back to pending, so the dispatcher replaces it.
    WHEN notifications.status = 'queued' AND notifications.due_at <> EXCLUDED.due_at THEN 'pending'
    ELSE notifications.status END,
  -- Why it was cancelled ("the recipient is no longer active") is no longer true.
  cancel_reason = NULL,
  updated_at = now(), version = notifications.version + 1
WHERE notifications.status IN ('pending', 'queued', 'cancelled')`;
