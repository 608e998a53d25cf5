import { EntityManager } from 'typeorm';
import { WebhookEventPlanner } from '../notifications/webhook-event-planner.service';
import { localDate } from '../shared/local-date';
import { ActionEntity } from './action.entity';
import { ActionStatus } from './action-status';
import { actionOverdueWebhookEvent } from './action-overdue-webhook-event';
import { actionReminderSchedule } from './action-reminder-schedule';

const BATCH_SIZE = 2000;
const DAY_MS = 86_400_000;

type OpenAction = Pick<ActionEntity, 'id' | 'organisationId' | 'dueDate' | 'assigneeId' | 'chainId'>;

/**
 * A subscription starts listening to action.overdue: plans it, for this subscription only, for
 * every open action of its organisation whose overdue moment is still ahead (one that has passed
 * would arrive late). In the caller's transaction, a batch of actions per round trip. Returns how
 * many were planned.
 */
export async function planOverdueWebhooksOfOpenActions(
  m: EntityManager,
  webhooks: WebhookEventPlanner,
  subscription: { id: string; organisationId: string; url: string },
  now: Date,
): Promise<number> {
  // An action is overdue the day after its due date: one due two days ago (in any time zone) is
  // overdue already. The exact moment is checked below, as the action planner checks it.
  const from = localDate(new Date(now.getTime() - 2 * DAY_MS));
  // A cursor reads the actions in one pass, a batch per round trip.
  await m.query(
    `DECLARE open_actions_to_overdue NO SCROLL CURSOR FOR
       SELECT id, organisation_id AS "organisationId", to_char(due_date, 'YYYY-MM-DD') AS "dueDate",
         assignee_id AS "assigneeId", chain_id AS "chainId"
       FROM actions WHERE organisation_id = $1 AND status = $2 AND due_date >= $3::date
         -- Saved before due dates were bounded: overdue in the year 10000, which no timestamp writes.
         AND due_date < DATE '9999-12-31'`,
    [subscription.organisationId, ActionStatus.Open, from],
  );
  // Many actions share a due date; working out its moment in the time zone is not cheap.
  const moments = new Map<string, Date>();
  const overdueAt = (dueDate: string): Date => {
    const known = moments.get(dueDate);
    if (known) return known;
    const moment = actionReminderSchedule(dueDate).overdueAt;
    moments.set(dueDate, moment);
    return moment;
  };
  let planned = 0;
  for (;;) {
    const actions: OpenAction[] = await m.query(`FETCH ${BATCH_SIZE} FROM open_actions_to_overdue`);
    const events = actions
      .map((action) => actionOverdueWebhookEvent(action, overdueAt(action.dueDate)))
      .filter((e) => e.dueAt > now);
    await webhooks.planForSubscription(m, subscription, events);
    planned += events.length;
    if (actions.length < BATCH_SIZE) break;
  }
  await m.query(`CLOSE open_actions_to_overdue`);
  return planned;
}
