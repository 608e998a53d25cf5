/**
 * Which moments already past a planning of an action's messages sends now (see
 * ActionReminderPlanner). Only what the user's own change brings about: a new action, due date or
 * assignee tells its recipients, and a new action or due date its webhook subscribers (a
 * subscription hears of an action becoming overdue when it does, not when it is reassigned). A
 * re-plan because someone left or came back catches up on nothing.
 */
export interface ActionCatchUp {
  recipients: boolean;
  subscribers: boolean;
}
