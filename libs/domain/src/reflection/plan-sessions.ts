import { computeOccurrences, RecurrenceSchedule } from './compute-occurrences';
import { scheduleOccurrence } from './schedule-occurrence';

export interface SessionSchedule extends RecurrenceSchedule {
  durationMinutes: number;
  skipPublicHolidays: boolean;
}

export interface PlannedSession {
  /** The rule's own occurrence: identifies the session even after a holiday moved it. */
  occurrenceStart: Date;
  scheduledAt: Date;
  endsAt: Date;
}

/** The sessions of a series whose occurrence lies in [from, until]: moved off holidays, with their end. */
export function planSessions(schedule: SessionSchedule, from: Date, until: Date): PlannedSession[] {
  return computeOccurrences(schedule, from, until).map((occurrenceStart) => {
    const scheduledAt = scheduleOccurrence(occurrenceStart, schedule);
    // Minutes of real time: a session across a clock change still lasts as long.
    const endsAt = new Date(scheduledAt.getTime() + schedule.durationMinutes * 60_000);
    return { occurrenceStart, scheduledAt, endsAt };
  });
}
