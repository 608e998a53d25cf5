/**
 * The outbox's dedupe key of a message about an action: per step (reminder, overdue, escalation),
 * due date and recipient, so a moved due date gives new rows and planning twice gives one.
 */
export function actionMessageKey(
  actionId: string,
  step: string,
  dueDate: string,
  recipientId: string,
): string {
  return `action:${actionId}:${step}:${dueDate}:${recipientId}`;
}
