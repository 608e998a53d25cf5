import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../shared/clock';
import { periodBound } from '../incidents/period-bound';
import { localDate } from '../shared/local-date';
import { AgendaItemStatus } from './agenda-item-status';
import { SESSION_AUDIT_SUBJECT } from './session-audit-subject';
import { changeAgendaItems } from './change-agenda-items';
import { loadSeries } from './load-series';
import { MAX_HOLIDAY_SHIFT_DAYS } from './max-holiday-shift-days';
import { ExistingSession, pairSessionsBySlot } from './pair-sessions-by-slot';
import { PlannedSession, planSessions } from './plan-sessions';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { SessionNotifications } from './session-notifications.service';
import { SessionStatus } from './session-status';
import { SessionRecipient } from './session-recipient';
import { SessionSlots } from './session-slots';
import { sessionsInFreeSlots } from './sessions-in-free-slots';
import { remindedSessions } from './reminded-sessions';
import { sessionsWithFollowUp } from './sessions-with-follow-up';
import { TakenSession, takenSessions } from './taken-sessions';
import { SERIES_STOPPED } from './series-stopped';

/** How far ahead sessions exist. */
const HORIZON_MONTHS = 12;
const DAY_MS = 86_400_000;

/**
 * Turns a series' rule into session rows for a rolling horizon, with their reminders, and
 * replaces the future planned sessions when the schedule changes. Works inside the caller's
 * transaction; `extendHorizon` is the daily job.
 */
@Injectable()
export class SessionScheduler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: SessionNotifications,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The daily job: tops up every active series to twelve months ahead, and plans the reminders
   * of sessions that came within the notice window. Idempotent: an occurrence that has a
   * session is skipped, a session with its reminders planned too. Returns the sessions created.
   */
  async extendHorizon(now: Date = this.clock.now()): Promise<number> {
    const active: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM reflection_series WHERE active ORDER BY id`,
    );
    let created = 0;
    for (const { id } of active) {
      created += await this.dataSource.transaction(async (m) => {
        const series = await loadSeries(m, id, { lock: true });
        if (!series?.active) return 0;
        const handover = await this.handoverSinceLastRun(m, series, now);
        const fresh = await this.materialise(m, series, now);
        await this.planDueReminders(m, series, now);
        if (handover)
          await this.triangleChanged(m, [{ series, invited: handover.invited }], now, handover.since);
        return fresh.length;
      });
    }
    return created;
  }

  /** Plans the reminders of open sessions within the notice window that have none yet. */
  async planDueReminders(m: EntityManager, series: ReflectionSeriesEntity, now: Date): Promise<void> {
    const sessions = await this.openInNoticeWindowQuery(m, series, now)
      .andWhere(
        // A cancelled request is one whose session moved out of the window: planned again now.
        `NOT EXISTS (SELECT 1 FROM notifications n WHERE n.subject_type = 'reflection-session'
           AND n.subject_id = s.id AND n.kind = 'outcome-request' AND n.status <> 'cancelled')`,
      )
      .orderBy('s.scheduledAt', 'ASC')
      .getMany();
    if (sessions.length === 0) return;
    const recipients = await this.notifications.recipients(m, series, now);
    await this.notifications.planUpcomingMany(m, series, sessions, recipients, now);
  }

  /** Creates the sessions still missing up to the horizon, with their reminders; returns them. */
  async materialise(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
  ): Promise<ReflectionSessionEntity[]> {
    if (!series.active) return [];
    // Only sessions still to come, and only past what exists already.
    let from = new Date(Math.max(now.getTime(), series.firstStart.getTime()));
    if (series.materialisedUntil && series.materialisedUntil >= from)
      from = new Date(series.materialisedUntil.getTime() + 1);
    // What earlier runs planned on the days a holiday may move a new session to.
    const meeting: TakenSession[] = (
      await m.query(
        `SELECT occurrence_start AS "occurrenceStart", scheduled_at AS "scheduledAt"
         FROM reflection_sessions WHERE series_id = $1 AND scheduled_at >= $2`,
        [series.id, new Date(from.getTime() - DAY_MS)],
      )
    ).map((row: TakenSession) => ({
      occurrenceStart: new Date(row.occurrenceStart),
      scheduledAt: new Date(row.scheduledAt),
    }));
    const { planned } = await this.plannedFrom(m, series, from, now, [], meeting);
    const created = await this.insertSessions(m, series, planned, now);
    await this.markMaterialised(m, series, now);
    await this.planReminders(m, series, created, now);
    return created;
  }

  /**
   * The rule's sessions from `from` to the horizon, in the slots (days, or weeks of a weekly series)
   * the series has no session for yet, and those slots. `untouched` are the sessions the rule made
   * that are about to make way for these: a rule that met twice a week before is told apart by day.
   * `meeting` are those an earlier run planned (see sessionsInFreeSlots).
   */
  private async plannedFrom(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    from: Date,
    now: Date,
    untouched: ExistingSession[] = [],
    meeting: TakenSession[] = [],
  ): Promise<{ planned: PlannedSession[]; slots: SessionSlots; taken: TakenSession[] }> {
    const horizon = this.horizon(series, now);
    // The rule's days just past the horizon count too: a session a holiday moves onto one of them
    // is dropped now, not planned beside the rule's own when a later run reaches that day.
    const beyond = new Date(horizon.getTime() + (MAX_HOLIDAY_SHIFT_DAYS + 1) * DAY_MS);
    const planned = from > horizon ? [] : planSessions(series, from, beyond);
    // From the start of the week (of a weekly rule): this week's meeting may be past or called off.
    const since = SessionSlots.forRule(series.rrule, series.timeZone, []).startOf(from);
    const taken = planned.length ? await takenSessions(m, series, since, now) : [];
    // The new rule and the one before it (its untouched sessions) each decide alone; sessions kept
    // from earlier rules would make two versions look like one that met twice a week.
    const slots = SessionSlots.forRule(series.rrule, series.timeZone, [
      planned.map((p) => p.occurrenceStart),
      untouched.map((s) => s.occurrenceStart),
    ]);
    const free = sessionsInFreeSlots(planned, taken, slots, series.timeZone, untouched, meeting);
    return { planned: free.filter((p) => p.occurrenceStart <= horizon), slots, taken };
  }

  /**
   * A role in the series' chain began or ended since the series was last materialised (a handover
   * dated ahead; one effective at once is followed when it is written): who it invited then, and
   * since when it invites otherwise (the first such day's midnight, as roles are dated).
   * Materialising sets the horizon twelve months after its moment, so that gives the moment back.
   */
  private async handoverSinceLastRun(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
  ): Promise<{ invited: SessionRecipient[]; since: Date } | null> {
    if (!series.chainId || !series.materialisedUntil) return null;
    const lastRun = DateTime.fromJSDate(series.materialisedUntil, { zone: series.timeZone })
      .minus({ months: HORIZON_MONTHS })
      .toJSDate();
    // A role begins on valid_from and ends after valid_to (its last day).
    const [{ day }]: { day: string | null }[] = await m.query(
      `SELECT to_char(min(LEAST(
           CASE WHEN valid_from > $2 AND valid_from <= $3 THEN valid_from END,
           CASE WHEN valid_to >= $2 AND valid_to < $3 THEN valid_to + 1 END)), 'YYYY-MM-DD') AS day
       FROM role_assignments WHERE chain_id = $1`,
      [series.chainId, localDate(lastRun), localDate(now)],
    );
    if (!day) return null;
    return {
      invited: await this.invited(m, series, lastRun),
      since: periodBound(day, 'from'),
    };
  }

  private horizon(series: ReflectionSeriesEntity, now: Date): Date {
    return DateTime.fromJSDate(now, { zone: series.timeZone }).plus({ months: HORIZON_MONTHS }).toJSDate();
  }

  private async markMaterialised(m: EntityManager, series: ReflectionSeriesEntity, now: Date): Promise<void> {
    const horizon = this.horizon(series, now);
    await m.query(`UPDATE reflection_series SET materialised_until = $1 WHERE id = $2`, [horizon, series.id]);
    series.materialisedUntil = horizon;
  }

  /**
   * Inserts planned sessions, audited as created, scheduled since `now`; an occurrence that has a
   * session already (kept or held) is left alone.
   */
  private async insertSessions(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    planned: PlannedSession[],
    now: Date,
  ): Promise<ReflectionSessionEntity[]> {
    if (planned.length === 0) return [];
    const inserted = await m
      .createQueryBuilder()
      .insert()
      .into(ReflectionSessionEntity)
      .values(
        planned.map((p) => ({
          seriesId: series.id,
          organisationId: series.organisationId,
          occurrenceStart: p.occurrenceStart,
          scheduledAt: p.scheduledAt,
          endsAt: p.endsAt,
          scheduledSince: now,
          status: SessionStatus.Planned,
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    const ids = (inserted.raw as { id: string }[]).map((row) => row.id);
    if (ids.length === 0) return [];
    const sessions = await m.find(ReflectionSessionEntity, {
      where: { id: In(ids) },
      order: { scheduledAt: 'ASC' },
    });
    // As its moves and deletes are: by the rule, named after the request that caused it (its caller;
    // none for the daily job).
    await this.audit.createdMany(m, null, SESSION_AUDIT_SUBJECT, series.organisationId, sessions);
    return sessions;
  }

  private async planReminders(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    sessions: ReflectionSessionEntity[],
    now: Date,
  ): Promise<void> {
    if (sessions.length === 0) return;
    const recipients = await this.notifications.recipients(m, series, now);
    await this.notifications.planUpcomingMany(m, series, sessions, recipients, now);
  }

  /**
   * Removes the future sessions the rule made that nothing happened to yet (planned, not moved
   * by hand, no reminder sent, no lesson or action drawn from them), with their pending messages.
   * Hand-made agenda items go back to the backlog. A session people were reminded of, or with a
   * lesson or an action, stays at its time (when the series stops, `cancelFuture` cancels it).
   */
  async removeFuture(m: EntityManager, series: ReflectionSeriesEntity, now: Date): Promise<number> {
    const ids = (await this.untouchedFuture(m, series, now)).map((s) => s.id);
    await this.deleteSessions(m, ids, 'the series was stopped');
    await this.unmaterialise(m, series);
    return ids.length;
  }

  private async unmaterialise(m: EntityManager, series: ReflectionSeriesEntity): Promise<void> {
    await m.query(`UPDATE reflection_series SET materialised_until = NULL WHERE id = $1`, [series.id]);
    series.materialisedUntil = null;
  }

  /**
   * The future sessions the rule made that nothing happened to yet: planned, not moved by hand, no
   * reminder sent, no lesson or action drawn from them. Locked.
   */
  private async untouchedFuture(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
  ): Promise<ReflectionSessionEntity[]> {
    const rows = await m
      .getRepository(ReflectionSessionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.seriesId = :seriesId', { seriesId: series.id })
      .andWhere('s.status = :planned', { planned: SessionStatus.Planned })
      .andWhere('s.scheduledAt > :now AND s.rescheduledFromId IS NULL', { now })
      .orderBy('s.scheduledAt', 'ASC')
      .getMany();
    const ids = rows.map((r) => r.id);
    const kept = new Set([...(await sessionsWithFollowUp(m, ids)), ...(await remindedSessions(m, ids))]);
    return rows.filter((r) => !kept.has(r.id));
  }

  /**
   * Deletes sessions with their pending messages (cancelled for `reason`); hand-made agenda items go
   * back to the backlog. A few statements whatever their number: a new rule may delete a year of them.
   */
  private async deleteSessions(m: EntityManager, ids: string[], reason: string): Promise<void> {
    if (ids.length === 0) return;
    await this.notifications.cancelAll(m, ids, reason);
    // The rest of their agendas (compiled for them, or dropped there) goes with them.
    await changeAgendaItems(m, this.audit, null, { sessionId: In(ids) }, (item) => {
      const waiting = [AgendaItemStatus.Proposed, AgendaItemStatus.Scheduled, AgendaItemStatus.CarriedOver];
      if (!waiting.includes(item.status) || (item.origin !== 'manual' && item.carryOverCount === 0))
        return false;
      item.sessionId = null;
      item.position = null;
      item.status = item.carryOverCount > 0 ? AgendaItemStatus.CarriedOver : AgendaItemStatus.Proposed;
    });
    const gone = await m.findBy(ReflectionSessionEntity, { id: In(ids) });
    await m.query(`DELETE FROM reflection_sessions WHERE id = ANY($1::uuid[])`, [ids]);
    for (const organisationId of new Set(gone.map((session) => session.organisationId)))
      await this.audit.deletedMany(
        m,
        null,
        SESSION_AUDIT_SUBJECT,
        organisationId,
        gone.filter((session) => session.organisationId === organisationId),
      );
  }

  /**
   * The series stopped: the future sessions still there after `removeFuture` (announced by an
   * agenda or a move, or with a lesson or action drawn from them) are cancelled, so that the
   * invitations sent and the calendar feeds say so, and nobody is reminded of them. Lessons and
   * actions drawn from them stay (a lead's own cancel is refused while there are any): the series
   * has no meeting left to move them to. Returns each session as it was and as it is, for the audit.
   */
  async cancelFuture(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
  ): Promise<{ before: ReflectionSessionEntity; after: ReflectionSessionEntity }[]> {
    const sessions = await m
      .getRepository(ReflectionSessionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.seriesId = :seriesId', { seriesId: series.id })
      .andWhere('s.status IN (:...open)', { open: [SessionStatus.Planned, SessionStatus.AgendaSent] })
      .andWhere('s.scheduledAt > :now', { now })
      .orderBy('s.scheduledAt', 'ASC')
      .getMany();
    const changes: { before: ReflectionSessionEntity; after: ReflectionSessionEntity }[] = [];
    for (const session of sessions) {
      const before = { ...session };
      await this.cancel(m, series, session, SERIES_STOPPED.reason, now, SERIES_STOPPED.cause);
      changes.push({ before, after: session });
    }
    return changes;
  }

  /**
   * Cancels a session: everyone invited hears (by e-mail only while it is not over: planCancelled);
   * its agenda goes back to the backlog, first in line next time.
   */
  async cancel(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    reason: string,
    now: Date,
    cause?: string,
  ): Promise<void> {
    session.status = SessionStatus.Cancelled;
    session.statusReason = reason;
    session.outcomeRecordedAt = now;
    session.icalSequence += 1;
    await m.save(session);
    await changeAgendaItems(
      m,
      this.audit,
      null,
      {
        sessionId: session.id,
        status: In([AgendaItemStatus.Proposed, AgendaItemStatus.Scheduled, AgendaItemStatus.CarriedOver]),
      },
      (item) => {
        item.sessionId = null;
        item.position = null;
        item.status = AgendaItemStatus.CarriedOver;
        item.carryOverCount += 1;
        item.carriedFromSessionId = session.id;
      },
    );
    await this.notifications.cancelAll(
      m,
      session.id,
      cause === SERIES_STOPPED.cause ? 'the series was stopped' : 'the session was cancelled',
    );
    const recipients = await this.notifications.recipients(m, series, now);
    await this.notifications.planCancelled(m, series, session, recipients, now, cause);
  }

  /**
   * The schedule changed: the future sessions nothing happened to yet make way for the new rule's.
   * One whose day the new rule keeps moves to its new time as the same session: its id and links,
   * its calendar event (the SEQUENCE rises) and its agenda stay, its reminders are planned again.
   * The others are deleted, and the new rule's sessions on other days created. Returns the sessions
   * moved or created (their reminders are new).
   */
  async replaceFuture(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
  ): Promise<ReflectionSessionEntity[]> {
    if (!series.active) {
      await this.removeFuture(m, series, now);
      return [];
    }
    // Read before the horizon moves: the daily job would no longer see a handover since its last run.
    const handover = await this.handoverSinceLastRun(m, series, now);
    const untouched = await this.untouchedFuture(m, series, now);
    // From the earliest occurrence still to come: a holiday may have moved a past one to after now.
    const earliest = Math.min(now.getTime(), ...untouched.map((s) => s.occurrenceStart.getTime()));
    const from = new Date(Math.max(earliest, series.firstStart.getTime()));
    const next = await this.plannedFrom(m, series, from, now, untouched);
    const planned = next.planned.filter((p) => p.scheduledAt > now);
    const { pairs, removed, created } = pairSessionsBySlot(untouched, planned, next.slots, series.timeZone);
    // Deleted first: a moved session may take the occurrence a deleted one had.
    await this.deleteSessions(
      m,
      removed.map((s) => s.id),
      "the series' schedule was changed",
    );
    const moves: { session: ReflectionSessionEntity; to: PlannedSession }[] = [];
    for (const { existing, planned: to } of pairs) {
      const session = existing as ReflectionSessionEntity;
      const same = (a: Date, b: Date) => a.getTime() === b.getTime();
      // Its new time would meet at once with a session the rule does not move (one postponed to
      // that day): it keeps its time, as postponing into a meeting of the series is refused too.
      if (next.taken.some((t) => t.scheduledAt < to.endsAt && to.scheduledAt < (t.endsAt ?? t.scheduledAt)))
        continue;
      if (same(session.scheduledAt, to.scheduledAt) && same(session.endsAt, to.endsAt)) {
        if (!same(session.occurrenceStart, to.occurrenceStart))
          await m.update(ReflectionSessionEntity, session.id, { occurrenceStart: to.occurrenceStart });
        continue;
      }
      moves.push({ session, to });
    }
    const moved = await this.moveSessions(m, moves, now);
    const fresh = await this.insertSessions(m, series, created, now);
    await this.markMaterialised(m, series, now);
    await this.planReminders(m, series, [...moved, ...fresh], now);
    if (handover) await this.triangleChanged(m, [{ series, invited: handover.invited }], now, handover.since);
    return [...moved, ...fresh];
  }

  /**
   * The series' agenda lead time changed from `previous`: a planned session whose agenda it makes
   * due at once (it was not due yet) has it due now, not when the new lead time had come, before
   * anyone asked for it (see agendaDueAt).
   */
  async agendaLeadTimeChanged(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    previous: string,
    now: Date,
  ): Promise<void> {
    const dueBy = (lead: string) => `((scheduled_at AT TIME ZONE $2) - ${lead}::interval) AT TIME ZONE $2`;
    await m.query(
      `UPDATE reflection_sessions SET scheduled_since = $5
       WHERE series_id = $1 AND status = 'planned' AND scheduled_at > $5
         AND ${dueBy('$3')} > $5 AND ${dueBy('$4')} <= $5`,
      [series.id, series.timeZone, previous, series.agendaLeadTime, now],
    );
  }

  /**
   * Moves sessions to their new time as the same sessions (the SEQUENCE rises), audited as updated,
   * their reminders cancelled to be planned again: one statement for each, however many move (a new
   * time of day moves a year of a daily series' sessions). Returns the sessions as they are now.
   */
  private async moveSessions(
    m: EntityManager,
    moves: { session: ReflectionSessionEntity; to: PlannedSession }[],
    now: Date,
  ): Promise<ReflectionSessionEntity[]> {
    if (moves.length === 0) return [];
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
    const [saved]: [{ id: string; version: number; updatedAt: Date }[], number] = await m.query(
      `UPDATE reflection_sessions s SET occurrence_start = u.occurrence_start, scheduled_at = u.scheduled_at,
         ends_at = u.ends_at, ical_sequence = s.ical_sequence + 1, scheduled_since = $5, version = s.version + 1,
         updated_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[])
         AS u (id, occurrence_start, scheduled_at, ends_at)
       WHERE s.id = u.id
       RETURNING s.id, s.version, s.updated_at AS "updatedAt"`,
      [
        moves.map(({ session }) => session.id),
        moves.map(({ to }) => to.occurrenceStart),
        moves.map(({ to }) => to.scheduledAt),
        moves.map(({ to }) => to.endsAt),
        now,
      ],
    );
    const written = new Map(saved.map((row) => [row.id, row]));
    const changes = moves.map(({ session, to }) => {
      const before = { ...session };
      const row = written.get(session.id);
      Object.assign(session, {
        occurrenceStart: to.occurrenceStart,
        scheduledAt: to.scheduledAt,
        endsAt: to.endsAt,
        icalSequence: session.icalSequence + 1,
        scheduledSince: now,
        version: row?.version ?? session.version + 1,
        updatedAt: row ? new Date(row.updatedAt) : session.updatedAt,
      });
      return { before, after: session };
    });
    for (const organisationId of new Set(moves.map(({ session }) => session.organisationId)))
      await this.audit.updatedMany(
        m,
        null,
        SESSION_AUDIT_SUBJECT,
        organisationId,
        changes.filter(({ after }) => after.organisationId === organisationId),
      );
    await this.notifications.cancelReminders(
      m,
      moves.map(({ session }) => session.id),
      "the series' schedule was changed",
    );
    return moves.map(({ session }) => session);
  }

  /**
   * Who is invited or when reminders go changed: plans the reminders of the open sessions within
   * the notice window again (later ones get the new settings when their time comes). Those not
   * planned again stay cancelled for `reason` ("the series was changed").
   */
  async replanReminders(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
    reason: string,
    skipIds: string[] = [],
    newcomersSince?: { newcomers: SessionRecipient[]; since: Date },
  ): Promise<void> {
    const sessions = await this.openInNoticeWindow(m, series, now, skipIds);
    const recipients = await this.notifications.recipients(m, series, now);
    // All of the sessions at once: a statement each held a daily series' lock for seconds.
    if (sessions.length > 0) {
      const ids = sessions.map((session) => session.id);
      // Read first: a reminder due and not yet sent (the worker is behind) still goes.
      const dueUnsent = await this.notifications.dueUnsentKeys(m, ids, now);
      await this.notifications.cancelReminders(m, ids, reason);
      await this.notifications.planUpcomingMany(m, series, sessions, recipients, now, dueUnsent);
      if (newcomersSince)
        await this.notifications.planMissedReminders(
          m,
          series,
          sessions,
          newcomersSince.newcomers,
          newcomersSince.since,
          now,
        );
    }
    const chair = recipients.find((p) => p.id === series.chairId);
    await this.readdressOutcomeRequests(m, series, chair, now);
  }

  /**
   * An edit of the series changed who its reminders go to (`invitedBefore`: who it invited) or what
   * they say (`details`: title, place or link), not when they go; `skipIds` are sessions a new
   * schedule moved or made, planned already. Only what changed is planned: those who joined get
   * the reminders of the open sessions within the notice window (those taken off lost theirs in
   * inviteesChanged), the outcome requests go to whoever chairs now, and new details are written
   * into what is planned in one statement. The others' reminders stay as planned: replanning them
   * all (replanReminders) rewrote 13,000 rows of a daily series with a hundred invitees to take
   * one off. As replanReminders does, sessions that came within the window get their reminders,
   * and those that began ask the chair for their outcome.
   */
  async remindersChanged(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
    change: { invitedBefore?: SessionRecipient[]; details: boolean },
    reason: string,
    skipIds: string[] = [],
  ): Promise<void> {
    await this.planDueReminders(m, series, now);
    const sessions = await this.openInNoticeWindow(m, series, now, skipIds);
    const ids = sessions.map((session) => session.id);
    if (change.details) await this.notifications.followSeriesDetails(m, series, ids);
    const recipients = await this.notifications.recipients(m, series, now);
    const chair = recipients.find((p) => p.id === series.chairId);
    if (change.invitedBefore) {
      const before = new Set(change.invitedBefore.map((p) => p.id));
      const newcomers = recipients.filter((p) => !before.has(p.id));
      await this.notifications.planRemindersTo(m, series, sessions, newcomers, now);
      // One message per session whoever is asked (the chair, or the stand-ins when there is none):
      // asked again, as replanReminders does, those no longer asked keep the reason.
      if (ids.length > 0) {
        await this.notifications.cancelOutcomeRequests(m, ids, reason);
        await this.notifications.planOutcomeRequests(m, series, sessions, chair);
      }
    }
    await this.readdressOutcomeRequests(m, series, chair, now);
  }

  /** The open sessions within the notice window, but `skipIds`: those with reminders to plan. */
  private openInNoticeWindow(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
    skipIds: string[] = [],
  ): Promise<ReflectionSessionEntity[]> {
    return this.openInNoticeWindowQuery(m, series, now)
      .andWhere(skipIds.length ? 's.id NOT IN (:...skipIds)' : 'TRUE', { skipIds })
      .getMany();
  }

  /** The series' open sessions (alias `s`) that start after `now` and within the notice window. */
  private openInNoticeWindowQuery(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
  ): SelectQueryBuilder<ReflectionSessionEntity> {
    return m
      .getRepository(ReflectionSessionEntity)
      .createQueryBuilder('s')
      .where('s.seriesId = :seriesId', { seriesId: series.id })
      .andWhere('s.status IN (:...open)', { open: [SessionStatus.Planned, SessionStatus.AgendaSent] })
      .andWhere('s.scheduledAt > :now AND s.scheduledAt <= :end', {
        now,
        end: this.notifications.noticeWindowEnd(now),
      });
  }

  /**
   * Sessions that began and wait for their outcome: the request not yet sent goes to the chair
   * now (also one cancelled because the chair left), not to who chaired it before; without an
   * active chair, to the stand-ins (see SessionNotifications.planOutcomeRequests).
   */
  private async readdressOutcomeRequests(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    chair: SessionRecipient | undefined,
    now: Date,
  ): Promise<void> {
    const sessions = await m
      .getRepository(ReflectionSessionEntity)
      .createQueryBuilder('s')
      .where('s.seriesId = :seriesId AND s.scheduledAt <= :now', { seriesId: series.id, now })
      .andWhere('s.status IN (:...open)', { open: [SessionStatus.Planned, SessionStatus.AgendaSent] })
      .andWhere(
        `EXISTS (SELECT 1 FROM notifications n WHERE n.subject_type = 'reflection-session' AND n.subject_id = s.id
           AND n.kind = 'outcome-request' AND n.status IN ('pending', 'queued', 'cancelled'))`,
      )
      // Someone was asked already (the chair, or a stand-in): nobody is asked again.
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM notifications n WHERE n.subject_type = 'reflection-session' AND n.subject_id = s.id
           AND n.kind = 'outcome-request' AND n.status = 'sent')`,
      )
      .getMany();
    if (sessions.length === 0) return;
    // All at once, as the sessions ahead are.
    await this.notifications.cancelStandInRequests(
      m,
      sessions.map((session) => session.id),
    );
    await this.notifications.planOutcomeRequests(m, series, sessions, chair);
  }

  /**
   * The active series of a chain, each with who it invites now: read before the chain's triangle
   * changes, and handed to triangleChanged after.
   */
  async chainSeries(
    m: EntityManager,
    chainId: string,
    now: Date,
  ): Promise<{ series: ReflectionSeriesEntity; invited: SessionRecipient[] }[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM reflection_series WHERE chain_id = $1 AND active ORDER BY id FOR UPDATE`,
      [chainId],
    );
    const found: { series: ReflectionSeriesEntity; invited: SessionRecipient[] }[] = [];
    for (const { id } of rows) {
      const series = await loadSeries(m, id);
      if (series) found.push({ series, invited: await this.invited(m, series, now) });
    }
    return found;
  }

  /**
   * A chain's triangle changed (`since`: when it took effect, if before now): its series remind
   * whoever they invite now, a new role holder also of what fell due since, and the sessions whose
   * agenda went out invite a new role holder and withdraw the invitation of a former one.
   */
  async triangleChanged(
    m: EntityManager,
    before: { series: ReflectionSeriesEntity; invited: SessionRecipient[] }[],
    now: Date,
    since: Date = now,
  ): Promise<void> {
    for (const { series, invited } of before) {
      const current = since < now ? await this.invited(m, series, now) : [];
      const newcomers = current.filter((person) => !invited.some((p) => p.id === person.id));
      await this.replanReminders(
        m,
        series,
        now,
        "the chain's roles changed",
        [],
        newcomers.length ? { newcomers, since } : undefined,
      );
      await this.inviteesChanged(m, series, invited, now);
    }
  }

  /** Who the series invites now: its chair, participants and chain triangle, those still active. */
  invited(m: EntityManager, series: ReflectionSeriesEntity, now: Date): Promise<SessionRecipient[]> {
    return this.notifications.recipients(m, series, now);
  }

  /**
   * The chair or the participants changed (`previous` were invited before): the sessions whose
   * agenda went out tell newcomers and those who left the list, so that calendars agree with it.
   */
  async inviteesChanged(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    previous: SessionRecipient[],
    now: Date,
  ): Promise<void> {
    const current = await this.notifications.recipients(m, series, now);
    const missing = (from: SessionRecipient[], other: SessionRecipient[]) =>
      from.filter((person) => !other.some((o) => o.id === person.id));
    const added = missing(current, previous);
    const removed = missing(previous, current);
    if (added.length === 0 && removed.length === 0) return;
    if (removed.length > 0)
      await this.notifications.cancelRemindersOfRemoved(
        m,
        series.id,
        removed.map((p) => p.id),
        now,
      );
    const changes = await this.notifications.notYetTold(
      m,
      await this.announced(m, series, now),
      added,
      removed,
    );
    if (changes.length === 0) return;
    // Calendars take an invitation or a cancellation only with a higher SEQUENCE than they hold.
    // All at once: a long agenda lead time has many sessions announced.
    // TypeORM answers an UPDATE with [rows, affectedCount].
    const [raised]: [{ id: string; icalSequence: number; version: number; updatedAt: Date }[], number] =
      await m.query(
        `UPDATE reflection_sessions SET ical_sequence = ical_sequence + 1, version = version + 1, updated_at = now()
       WHERE id = ANY($1::uuid[])
       RETURNING id, ical_sequence AS "icalSequence", version, updated_at AS "updatedAt"`,
        [changes.map(({ session }) => session.id)],
      );
    for (const row of raised) {
      const session = changes.find((change) => change.session.id === row.id)?.session;
      if (session)
        Object.assign(session, {
          icalSequence: row.icalSequence,
          version: row.version,
          updatedAt: new Date(row.updatedAt),
        });
    }
    await this.notifications.planInviteesChanged(m, series, changes, now);
  }

  /**
   * The series' title, place or meeting link changed: every calendar entry gets a higher SEQUENCE
   * (feeds show the change), and the sessions whose invitation went out by e-mail send it again.
   */
  async calendarChanged(m: EntityManager, series: ReflectionSeriesEntity, now: Date): Promise<void> {
    await m.query(
      `UPDATE reflection_sessions SET ical_sequence = ical_sequence + 1, updated_at = now()
       WHERE series_id = $1 AND status IN ('planned', 'agenda-sent') AND scheduled_at > $2`,
      [series.id, now],
    );
    const announced = await this.announced(m, series, now);
    if (announced.length === 0) return;
    const recipients = await this.notifications.recipients(m, series, now);
    await this.notifications.planReinvited(m, series, announced, recipients, now);
  }

  /**
   * The future sessions in calendars already: an agenda went out, or it replaces a postponed
   * session (its move did). Locked: an agenda sent again meanwhile must not reuse their SEQUENCE.
   */
  private announced(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
  ): Promise<ReflectionSessionEntity[]> {
    return m
      .getRepository(ReflectionSessionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.seriesId = :seriesId AND s.scheduledAt > :now', { seriesId: series.id, now })
      .andWhere('(s.status = :sent OR (s.status = :planned AND s.rescheduledFromId IS NOT NULL))', {
        sent: SessionStatus.AgendaSent,
        planned: SessionStatus.Planned,
      })
      .orderBy('s.scheduledAt', 'ASC')
      .getMany();
  }
}
