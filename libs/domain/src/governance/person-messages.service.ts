import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActionReminderPlanner } from '../actions/action-reminder-planner.service';
import { ActionEntity } from '../actions/action.entity';
import { ActionStatus } from '../actions/action-status';
import { NotificationWriter } from '../notifications/notification-writer.service';
import { loadSeries } from '../reflection/load-series';
import { SessionScheduler } from '../reflection/session-scheduler.service';
import { Clock } from '../shared/clock';
import { PersonEntity } from './person.entity';

/** What is planned to be sent to a person follows them: when they leave, come back or move mailbox. */
@Injectable()
export class PersonMessages {
  constructor(
    private readonly writer: NotificationWriter,
    private readonly actionReminders: ActionReminderPlanner,
    private readonly sessions: SessionScheduler,
    private readonly clock: Clock,
  ) {}

  /** They left: nothing not yet sent to them goes out. */
  async left(m: EntityManager, person: PersonEntity): Promise<void> {
    await this.writer.cancelForRecipient(m, person.id);
  }

  /**
   * They are back (saved as active): the reminders of their open actions and of the sessions of
   * the series they chair or sit in are planned again, as if they had never left.
   */
  async returned(m: EntityManager, person: PersonEntity): Promise<void> {
    const actions = await m.find(ActionEntity, {
      where: { assigneeId: person.id, status: ActionStatus.Open },
    });
    for (const action of actions) await this.actionReminders.replan(m, action);
    const series: { id: string }[] = await m.query(
      `SELECT s.id FROM reflection_series s
       WHERE s.organisation_id = $1 AND s.active AND (s.chair_id = $2 OR EXISTS (
         SELECT 1 FROM reflection_series_participants p WHERE p.series_id = s.id AND p.person_id = $2))
       ORDER BY s.id`,
      [person.organisationId, person.id],
    );
    const now = this.clock.now();
    for (const { id } of series) {
      const loaded = await loadSeries(m, id);
      if (loaded) await this.sessions.replanReminders(m, loaded, now);
    }
  }

  /** Their address changed: what is not yet sent to them goes to the new one. */
  async readdressed(m: EntityManager, person: PersonEntity): Promise<void> {
    await this.writer.readdressRecipient(m, person.id, person.email);
  }
}
