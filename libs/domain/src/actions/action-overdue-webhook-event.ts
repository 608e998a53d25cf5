import { NotificationSubjectType } from '../notifications/notification-subject-type';
import { WebhookEvent } from '../notifications/webhook-event-planner.service';
import { WebhookEventType } from '../notifications/webhook-event-type';
import { ActionEntity } from './action.entity';
import { actionReminderSchedule } from './action-reminder-schedule';

/**
 * The action.overdue webhook of an action: due the moment the action becomes overdue, one per due
 * date (a moved due date is another event). Planned for an action as it changes, and for the open
 * actions of a subscription that starts listening. `overdueAt` is the action's, for a caller that
 * knows it already.
 */
export function actionOverdueWebhookEvent(
  action: Pick<ActionEntity, 'id' | 'organisationId' | 'dueDate' | 'assigneeId' | 'chainId'>,
  overdueAt = actionReminderSchedule(action.dueDate).overdueAt,
): WebhookEvent {
  return {
    organisationId: action.organisationId,
    event: WebhookEventType.ActionOverdue,
    subjectType: NotificationSubjectType.Action,
    subjectId: action.id,
    dueAt: overdueAt,
    occurrence: action.dueDate,
    data: {
      actionId: action.id,
      dueDate: action.dueDate,
      assigneeId: action.assigneeId,
      chainId: action.chainId,
    },
  };
}
