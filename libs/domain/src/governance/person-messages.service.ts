import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ActionReminderPlanner } from '../actions/action-reminder-planner.service';
import { ActionEntity } from '../actions/action.entity';
import { NotificationWriter } from '../notifications/notification-writer.service';
import { isSeriesInvitee } from '../reflection/is-series-invitee';
import { loadSeries } from '../reflection/load-series';
import { ReflectionSeriesEntity } from '../reflection/reflection-series.entity';
import { SessionRecipient } from '../reflection/session-recipient';
import { SessionScheduler } from '../reflection/session-scheduler.service';
import { Clock } from '../shared/clock';
import { localDate } from '../shared/local-date';
import { ActionHeldElsewhere } from './action-held-elsewhere';
import { PersonEntity } from './person.entity';
import { SeriesHeldElsewhere } from './series-held-elsewhere';

/** An outcome request still to go to someone standing in for a chair who left (`n`: notifications). */
const STAND_IN_REQUEST = `n.kind = 'outcome-request' AND n.subject_type = 'reflection-session'
  AND n.payload->>'standIn' = 'true' AND n.status IN ('pending', 'queued')`;

/**
 * What is planned to be sent to a person follows them: when they leave, come back or move
 * mailbox. Called after the person is saved, so that recipient lists already say who is active.
 */
@Injectable()
export class PersonMessages {
  constructor(
    private readonly writer: NotificationWriter,
    private readonly actionReminders: ActionReminderPlanner,
    private readonly sessions: SessionScheduler,
    private readonly clock: Clock,
  ) {}

  /**
   * They left: nothing not yet sent to them goes out but the withdrawals of their invitations, and
   * the sessions whose agenda (their invitation) went out are withdrawn from their calendar. Requests for the outcome of the
   * sessions they chaired go to the organisation's leads (leadsOrAdmins) until the series has a chair
   * again.
   */
  async left(m: EntityManager, person: PersonEntity): Promise<void> {
    // Escalations that were to go to them go to whoever escalations go to now (the leads, if they
    // were a chain's only owner): an escalation never goes nowhere.
    const escalated: { id: string }[] = await m.query(
      `SELECT DISTINCT subject_id AS id FROM notifications
       WHERE recipient_id = $1 AND kind = 'action-escalation' AND subject_type = 'action'
         AND status IN ('pending', 'queued')`,
      [person.id],
    );
    // Read before their messages are cancelled: one that fell due and was not sent still goes.
    const dueUnsent = new Map<string, Set<string>>();
    for (const { id } of escalated) dueUnsent.set(id, await this.actionReminders.dueUnsentKeys(m, id));
    const stoodInFor = await this.standInSeries(m, 'recipient_id', person.id);
    // Their series first: a change of one under way (which may plan messages to them) is in before
    // their messages are cancelled, and one that follows sees them gone.
    const theirSeries = await this.seriesOf(m, person);
    await this.writer.cancelForRecipient(m, person.id);
    await this.replanActions(m, escalated, dueUnsent);
    const now = this.clock.now();
    await this.replanStandIns(m, stoodInFor, now);
    for (const series of theirSeries) {
      // The sessions they chaired ask the organisation's leads for their outcome meanwhile.
      if (series.chairId === person.id)
        await this.sessions.replanReminders(m, series, now, 'the chair is no longer active');
      const invited = await this.sessions.invited(m, series, now);
      await this.sessions.inviteesChanged(m, series, [...invited, recipient(person)], now);
    }
  }

  /**
   * They are back: the reminders of their open actions, the escalations of the chains they own and
   * the sessions of the series they chair or sit in are planned again, as if they had never left;
   * sessions whose agenda went out meanwhile invite them.
   */
  async returned(m: EntityManager, person: PersonEntity): Promise<void> {
    const now = this.clock.now();
    const actions: { id: string }[] = await m.query(
      `SELECT a.id FROM actions a
       WHERE a.organisation_id = $1 AND a.status = 'open' AND (a.assignee_id = $2 OR a.chain_id IN (
         SELECT r.chain_id FROM role_assignments r WHERE r.person_id = $2 AND r.role = 'owner'
           AND r.valid_from <= $3 AND (r.valid_to IS NULL OR r.valid_to >= $3)))
       ORDER BY a.id`,
      [person.organisationId, person.id, localDate(now)],
    );
    await this.replanActions(m, actions);
    for (const series of await this.seriesOf(m, person)) {
      await this.sessions.replanReminders(
        m,
        series,
        now,
        series.chairId === person.id ? 'the chair is active again' : 'someone invited is active again',
      );
      const invited = await this.sessions.invited(m, series, now);
      await this.sessions.inviteesChanged(
        m,
        series,
        invited.filter((p) => p.id !== person.id),
        now,
      );
    }
  }

  /**
   * They are a member now: the requests for an outcome they were asked for as a lead, standing in
   * for a chair who left, go to whoever stands in now.
   */
  async demoted(m: EntityManager, person: PersonEntity): Promise<void> {
    await this.replanStandIns(m, await this.standInSeries(m, 'recipient_id', person.id), this.clock.now());
  }

  /** Their address changed: what is not yet sent to them goes to the new one. */
  async readdressed(m: EntityManager, person: PersonEntity): Promise<void> {
    await this.writer.readdressRecipient(m, person.id, person.email);
  }

  /**
   * Who stands in for chairs who left may be someone else now (a new lead, a lead back, the last
   * lead made admin): the outcome requests still to go are asked of whoever stands in now.
   */
  async standInsChanged(m: EntityManager, organisationId: string): Promise<void> {
    await this.replanStandIns(
      m,
      await this.standInSeries(m, 'organisation_id', organisationId),
      this.clock.now(),
    );
  }

  /**
   * Locks, in id order, the series a change of this person plans again (those they chair or sit in,
   * those asking them as a stand-in, and with `standIns` every series of the organisation asking a
   * stand-in), before their own row is locked: a change of a series takes the series first and its
   * people after, and the other order deadlocked with it. `also`: those found held elsewhere by an
   * earlier try (SeriesHeldElsewhere).
   */
  async lockTheirSeries(
    m: EntityManager,
    person: { id: string | null; organisationId: string | null },
    standIns = false,
    also: string[] = [],
  ): Promise<void> {
    await m.query(
      `SELECT s.id FROM reflection_series s
       WHERE s.organisation_id = $3 AND (
         (s.active AND ${isSeriesInvitee('s', '$1', '$2')})
         OR s.id IN (SELECT rs.series_id FROM notifications n JOIN reflection_sessions rs ON rs.id = n.subject_id
                     WHERE (n.recipient_id = $1 OR ($4 AND n.organisation_id = $3)) AND ${STAND_IN_REQUEST})
         OR s.id = ANY ($5::uuid[]))
       ORDER BY s.id FOR UPDATE OF s`,
      [person.id, localDate(this.clock.now()), person.organisationId, standIns, also],
    );
  }

  /**
   * Locks, in id order, the actions whose messages to them their leaving, return or new address
   * changes (open ones assigned to them or in a chain they own, and those whose escalation is to go
   * to them), after their series and before their own row, as a change of an action takes the
   * action before its new assignee: a change under way is in before these are planned again or
   * re-addressed, or waits for it. Read apart, the return planned reminders to them for an action
   * just given to someone else (cancelling that person's), and a re-dated action's new reminders
   * kept the address they had just left. `also`: those found held elsewhere by an earlier try
   * (ActionHeldElsewhere).
   */
  async lockTheirActions(
    m: EntityManager,
    person: { id: string; organisationId: string | null },
    also: string[] = [],
  ): Promise<void> {
    await m.query(
      `SELECT a.id FROM actions a
       WHERE a.organisation_id = $1 AND (
         (a.status = 'open' AND (a.assignee_id = $2 OR a.chain_id IN (
           SELECT r.chain_id FROM role_assignments r WHERE r.person_id = $2 AND r.role = 'owner'
             AND r.valid_from <= $3 AND (r.valid_to IS NULL OR r.valid_to >= $3))))
         OR a.id IN (SELECT n.subject_id FROM notifications n
           WHERE n.recipient_id = $2 AND n.kind = 'action-escalation' AND n.subject_type = 'action'
             AND n.status IN ('pending', 'queued'))
         OR a.id = ANY ($4::uuid[]))
       ORDER BY a.id FOR NO KEY UPDATE OF a`,
      [person.organisationId, person.id, localDate(this.clock.now()), also],
    );
  }

  /**
   * The series whose sessions ask someone for an outcome, standing in for a chair who left: asking
   * this recipient, or anyone in this organisation.
   */
  private async standInSeries(
    m: EntityManager,
    column: 'recipient_id' | 'organisation_id',
    id: string,
  ): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT DISTINCT s.series_id AS id FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id
       WHERE n.${column} = $1 AND ${STAND_IN_REQUEST}
       ORDER BY s.series_id`,
      [id],
    );
    return rows.map((row) => row.id);
  }

  /** Asks who stands in now (see SessionNotifications.planOutcomeRequests), the others no longer. */
  private async replanStandIns(m: EntityManager, seriesIds: string[], now: Date): Promise<void> {
    for (const id of [...seriesIds].sort()) {
      const series = await this.lockedSeries(m, id);
      if (series)
        await this.sessions.replanReminders(m, series, now, 'someone else is asked for the outcome now');
    }
  }

  /** Plans the messages of these actions again (open ones; done or cancelled ones only cancel). */
  private async replanActions(
    m: EntityManager,
    actions: { id: string }[],
    dueUnsent = new Map<string, Set<string>>(),
  ): Promise<void> {
    if (actions.length === 0) return;
    // Locked (lockTheirActions took them already) and read as they are now: planned from an earlier
    // read, they named an assignee a change had just replaced. Without waiting: one that became
    // theirs since (new in a chain they own) may be held by a change handing it to them, which waits
    // for their row, held here, and the two deadlocked (ActionHeldElsewhere: start again).
    const ids = actions.map((a) => a.id);
    const found = await m.find(ActionEntity, {
      where: { id: In(ids) },
      order: { id: 'ASC' },
      lock: { mode: 'for_no_key_update', onLocked: 'skip_locked' },
    });
    const skipped = ids.filter((id) => !found.some((action) => action.id === id));
    if (skipped.length > 0) {
      // Those deleted meanwhile are gone, not held.
      const held: { id: string }[] = await m.query(
        `SELECT id FROM actions WHERE id = ANY ($1::uuid[]) ORDER BY id`,
        [skipped],
      );
      if (held.length > 0) throw new ActionHeldElsewhere(held.map((row) => row.id));
    }
    // Only who is told changes: the actions' webhook events stay as they are.
    for (const action of found)
      await this.actionReminders.replan(m, action, dueUnsent.get(action.id), undefined, true);
  }

  /**
   * The active series they chair or sit in, with their participants, locked as a change of a series
   * takes it: a change under way is in before their messages are planned or cancelled from it (read
   * apart, a change that raced a return or a leaving left them without reminders, or with some).
   */
  private async seriesOf(m: EntityManager, person: PersonEntity): Promise<ReflectionSeriesEntity[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT s.id FROM reflection_series s
       WHERE s.organisation_id = $1 AND s.active AND ${isSeriesInvitee('s', '$2', '$3')}
       ORDER BY s.id`,
      [person.organisationId, person.id, localDate(this.clock.now())],
    );
    const series: ReflectionSeriesEntity[] = [];
    for (const { id } of rows) {
      const loaded = await this.lockedSeries(m, id);
      if (loaded?.active) series.push(loaded);
    }
    return series;
  }

  /**
   * A series, locked without waiting: those locked up front (lockTheirSeries) are held already. One
   * that became theirs since and that another change holds is not waited for: that change may wait
   * for their actions or row, held here, and the two deadlocked (SeriesHeldElsewhere: start again).
   */
  private async lockedSeries(m: EntityManager, id: string): Promise<ReflectionSeriesEntity | null> {
    const series = await loadSeries(m, id, { lock: 'skip-locked' });
    if (!series && (await m.existsBy(ReflectionSeriesEntity, { id }))) throw new SeriesHeldElsewhere(id);
    return series;
  }
}

function recipient(person: PersonEntity): SessionRecipient {
  return { id: person.id, email: person.email, name: person.name };
}
