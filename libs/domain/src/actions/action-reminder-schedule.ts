import { DateTime } from 'luxon';

export interface ActionReminderSchedule {
  /** To the assignee, a few days before the due date. */
  reminderAt: Date;
  /** To the assignee, the day after the due date. */
  overdueAt: Date;
  /** To the chain's owner (or the organisation's leads), when the action is long overdue. */
  escalationAt: Date;
}

const REMINDER_DAYS_BEFORE = 3;
const ESCALATION_DAYS_AFTER = 14;
const SEND_HOUR = 9;

/**
 * When the messages about an action with this due date (YYYY-MM-DD) go out: at 09:00 local time
 * on calendar days counted in the time zone, so daylight saving never moves them to 08:00 or 10:00.
 */
export function actionReminderSchedule(
  dueDate: string,
  timeZone = 'Europe/Amsterdam',
): ActionReminderSchedule {
  const due = DateTime.fromISO(dueDate, { zone: timeZone }).set({ hour: SEND_HOUR });
  if (!due.isValid) throw new Error(`Not a date in ${timeZone}: ${dueDate}`);
  return {
    reminderAt: due.minus({ days: REMINDER_DAYS_BEFORE }).toJSDate(),
    overdueAt: due.plus({ days: 1 }).toJSDate(),
    escalationAt: due.plus({ days: ESCALATION_DAYS_AFTER }).toJSDate(),
  };
}
