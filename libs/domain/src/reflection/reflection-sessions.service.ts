import { Injectable } from '@nestjs/common';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { ThemeEntity } from '../themes/theme.entity';
import { THEME_AUDIT_SUBJECT } from '../themes/theme-audit-subject';
import { AgendaItemKind } from './agenda-item-kind';
import { AgendaItemStatus } from './agenda-item-status';
import { AgendaService } from './agenda.service';
import { changeAgendaItems } from './change-agenda-items';
import { allowedNextStates } from './allowed-next-states';
import { ReflectionSessionQueryDto } from './dto/reflection-session-query.dto';
import { ReflectionSessionDto } from './dto/reflection-session.dto';
import { UpdateReflectionSessionDto } from './dto/update-reflection-session.dto';
import { EscalationService } from './escalation.service';
import { loadSeries } from './load-series';
import { lockSeriesOfSession } from './lock-series-of-session';
import { moveFollowUp } from './move-follow-up';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSeriesService } from './reflection-series.service';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { requireNoFollowUp } from './require-no-follow-up';
import { SESSION_AUDIT_SUBJECT } from './session-audit-subject';
import { SessionNotifications } from './session-notifications.service';
import { SessionScheduler } from './session-scheduler.service';
import { SessionStatus } from './session-status';
import { wherePeriod } from '../shared/where-period';
import { periodBound } from '../incidents/period-bound';
import { requireWholeSecond } from '../shared/require-whole-second';

/** Which fields of the PATCH belong to which outcome. */
const OUTCOME_FIELDS: Record<string, SessionStatus[]> = {
  minutes: [SessionStatus.Held],
  decisions: [SessionStatus.Held],
  attendeeIds: [SessionStatus.Held],
  postponedTo: [SessionStatus.Postponed],
  reason: [SessionStatus.Postponed, SessionStatus.Cancelled],
};

/** The sessions of a series and what became of them; leads record outcomes, everyone reads. */
@Injectable()
export class ReflectionSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly seriesService: ReflectionSeriesService,
    private readonly notifications: SessionNotifications,
    private readonly agenda: AgendaService,
    private readonly escalations: EscalationService,
    private readonly scheduler: SessionScheduler,
    private readonly clock: Clock,
  ) {}

  async list(
    actor: Principal,
    seriesId: string,
    query: ReflectionSessionQueryDto,
  ): Promise<Page<ReflectionSessionDto>> {
    const series = await this.seriesService.find(actor, seriesId);
    // A reversed or empty period is a mistake worth a 400, read as the filter reads it: in the series' zone.
    if (
      query.from &&
      query.to &&
      periodBound(query.to, 'to', series.timeZone) <= periodBound(query.from, 'from', series.timeZone)
    )
      throw DomainError.invalid('to', 'must be after from');
    const qb = this.dataSource
      .getRepository(ReflectionSessionEntity)
      .createQueryBuilder('s')
      .where('s.seriesId = :seriesId', { seriesId });
    whereInList(qb, 's.status', 'status', query.status);
    // A date is a day where the series meets.
    wherePeriod(qb, 's.scheduledAt', query.from, query.to, 'period', series.timeZone);
    qb.orderBy('s.scheduledAt', 'ASC').addOrderBy('s.id', 'ASC');
    return paginate(qb, query, ReflectionSessionDto.from);
  }

  async get(actor: Principal, id: string): Promise<ReflectionSessionDto> {
    const session = await this.dataSource
      .getRepository(ReflectionSessionEntity)
      .findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!session) throw DomainError.notFound('Reflection session', id);
    return ReflectionSessionDto.from(session);
  }

  async update(actor: Principal, id: string, dto: UpdateReflectionSessionDto): Promise<ReflectionSessionDto> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      await lockSeriesOfSession(m, id);
      const session = await lockForUpdate(
        m,
        ReflectionSessionEntity,
        id,
        dto.version,
        'Reflection session',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      const target = dto.status ?? session.status;
      const transition = target !== session.status;
      if (transition && !allowedNextStates(session.status).includes(target)) {
        const allowed = allowedNextStates(session.status);
        throw new DomainError(
          ErrorCode.InvalidTransition,
          `A ${session.status} session cannot become ${target}; allowed next states: ${allowed.length ? allowed.join(', ') : 'none'}.`,
          { allowedNextStates: allowed },
        );
      }
      for (const [field, statuses] of Object.entries(OUTCOME_FIELDS)) {
        if ((dto as unknown as Record<string, unknown>)[field] !== undefined && !statuses.includes(target))
          throw DomainError.invalid(field, `only goes with status ${statuses.join(' or ')}`);
      }
      const series = (await loadSeries(m, session.seriesId)) as ReflectionSeriesEntity;
      const before = { ...session };

      if (target === SessionStatus.Held) await this.recordHeld(m, actor, session, dto, transition, now);
      else if (target === SessionStatus.Postponed && transition)
        await this.postpone(m, actor, series, session, dto, now);
      else if (target === SessionStatus.Cancelled && transition)
        await this.cancel(m, series, session, dto, now);
      else if (target === SessionStatus.AgendaSent && transition) {
        // As a recompile: a meeting under way or over gets no agenda by e-mail any more.
        if (session.scheduledAt <= now)
          throw new DomainError(ErrorCode.Conflict, 'The session has begun; its agenda is no longer sent.');
        await this.agenda.send(m, series, session, now);
      } else if (dto.postponedTo !== undefined)
        throw DomainError.invalid(
          'postponedTo',
          'a postponed session stays put: postpone the session that replaced it',
        );
      else if (dto.reason !== undefined) session.statusReason = dto.reason;

      const saved = await m.save(session);
      await this.audit.updated(m, actor, SESSION_AUDIT_SUBJECT, saved.organisationId, before, saved);
      return ReflectionSessionDto.from(saved);
    });
  }

  /** Held: minutes, decisions and attendees; the themes on its agenda count as discussed. */
  private async recordHeld(
    m: EntityManager,
    actor: Principal,
    session: ReflectionSessionEntity,
    dto: UpdateReflectionSessionDto,
    transition: boolean,
    now: Date,
  ): Promise<void> {
    if (transition && session.scheduledAt > now) {
      throw new DomainError(
        ErrorCode.Conflict,
        'A session can only be recorded as held once it has started.',
      );
    }
    if (dto.attendeeIds?.length) {
      // Held (KEY SHARE, in id order) until the session is saved: nothing refers to an attendee
      // (an array, no foreign key), so a deletion under way would otherwise find no attendance
      // and leave the record naming nobody. A deletion first is waited for and seen as gone.
      const found: unknown[] = await m.query(
        `SELECT id FROM people WHERE id = ANY($1::uuid[]) AND organisation_id = $2 ORDER BY id FOR KEY SHARE`,
        [dto.attendeeIds, session.organisationId],
      );
      if (found.length !== dto.attendeeIds.length) throw DomainError.reference('attendeeIds', 'person');
    }
    if (dto.minutes !== undefined) session.minutes = dto.minutes;
    if (dto.decisions !== undefined) session.decisions = dto.decisions;
    if (dto.attendeeIds !== undefined) session.attendeeIds = dto.attendeeIds;
    if (!transition) return;
    session.status = SessionStatus.Held;
    session.outcomeRecordedAt = now;
    await this.notifications.cancelAll(m, session.id, 'the session was held');
    // What was on its agenda was discussed; themes remember when, for the next agendas.
    const themeIds: string[] = [];
    await changeAgendaItems(
      m,
      this.audit,
      actor,
      { sessionId: session.id, status: In([AgendaItemStatus.Proposed, AgendaItemStatus.Scheduled]) },
      (item) => {
        if (item.kind === AgendaItemKind.Theme && item.referenceId) themeIds.push(item.referenceId);
        item.status = AgendaItemStatus.Discussed;
      },
    );
    if (themeIds.length === 0) return;
    const themes = await m.find(ThemeEntity, {
      where: { id: In(themeIds), organisationId: session.organisationId },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    for (const theme of themes) {
      if (theme.lastDiscussedAt && theme.lastDiscussedAt >= session.scheduledAt) continue;
      const before = { ...theme };
      theme.lastDiscussedAt = session.scheduledAt;
      const saved = await m.save(theme);
      await this.audit.updated(m, actor, THEME_AUDIT_SUBJECT, saved.organisationId, before, saved);
    }
  }

  /** Postponed: the session moves to a new one at the new time, with its own reminders. */
  private async postpone(
    m: EntityManager,
    actor: Principal,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    dto: UpdateReflectionSessionDto,
    now: Date,
  ): Promise<void> {
    if (dto.postponedTo === undefined) throw DomainError.invalid('postponedTo', 'is required to postpone');
    if (dto.reason === undefined) throw DomainError.invalid('reason', 'is required to postpone');
    const postponedTo = new Date(dto.postponedTo);
    requireWholeSecond('postponedTo', postponedTo);
    if (postponedTo <= now) throw DomainError.invalid('postponedTo', 'must be in the future');
    // Postponed is later: an earlier time is a new session, not this one moved.
    if (postponedTo <= session.scheduledAt)
      throw DomainError.invalid('postponedTo', 'must be later than the session was to start');
    // A year is the series' horizon: a session further off is not postponed but a new plan.
    if (postponedTo > DateTime.fromJSDate(now).plus({ years: 1 }).toJSDate())
      throw DomainError.invalid('postponedTo', 'must be within a year from now');
    const length = session.endsAt.getTime() - session.scheduledAt.getTime();
    // Onto another meeting of the series, the same people would have two at once (the series is
    // locked, so two postponements cannot both take the same free time).
    const [taken]: { id: string; scheduled_at: Date }[] = await m.query(
      `SELECT id, scheduled_at FROM reflection_sessions
       WHERE series_id = $1 AND id <> $2 AND status NOT IN ('cancelled', 'postponed')
         AND scheduled_at < $4 AND ends_at > $3
       ORDER BY scheduled_at LIMIT 1`,
      [session.seriesId, session.id, postponedTo, new Date(postponedTo.getTime() + length)],
    );
    if (taken)
      throw new DomainError(
        ErrorCode.Conflict,
        `The series already meets then: session ${taken.id} at ${taken.scheduled_at.toISOString()}. ` +
          'Postpone to a time it does not meet, or cancel that session first.',
        { invalidParams: [{ name: 'postponedTo', reason: 'falls in another session of the series' }] },
      );
    // An agenda that went out stays the meeting's agenda: the move carries it (and tells everyone),
    // and it is not compiled and sent again at the new time.
    const agendaWentOut = session.status === SessionStatus.AgendaSent;
    session.status = SessionStatus.Postponed;
    session.postponedTo = postponedTo;
    session.statusReason = dto.reason;
    session.outcomeRecordedAt = now;
    session.icalSequence += 1;
    await m.save(session);
    const next = await m.save(
      m.create(ReflectionSessionEntity, {
        seriesId: session.seriesId,
        organisationId: session.organisationId,
        occurrenceStart: session.occurrenceStart,
        scheduledAt: postponedTo,
        endsAt: DateTime.fromJSDate(postponedTo).plus({ milliseconds: length }).toJSDate(),
        scheduledSince: now,
        status: agendaWentOut ? SessionStatus.AgendaSent : SessionStatus.Planned,
        agendaCompiledAt: agendaWentOut ? session.agendaCompiledAt : null,
        agendaSentAt: agendaWentOut ? session.agendaSentAt : null,
        rescheduledFromId: session.id,
        // The same calendar event, moved: calendars that had the invitation move the meeting.
        calendarUid: session.calendarUid ?? session.id,
        calendarOrganizer: session.calendarOrganizer,
        icalSequence: session.icalSequence,
      }),
    );
    await this.audit.created(m, actor, SESSION_AUDIT_SUBJECT, next.organisationId, next);
    // So do the lessons and actions drawn from it: they are about the meeting, which meets there.
    await moveFollowUp(m, this.audit, actor, session.id, next.id);
    // The agenda travels with the meeting (and what was dropped from it stays dropped there).
    await changeAgendaItems(
      m,
      this.audit,
      actor,
      {
        sessionId: session.id,
        status: In([
          AgendaItemStatus.Proposed,
          AgendaItemStatus.Scheduled,
          AgendaItemStatus.CarriedOver,
          AgendaItemStatus.Dropped,
        ]),
      },
      (item) => {
        item.sessionId = next.id;
      },
    );
    await this.notifications.cancelAll(m, session.id, 'the session has moved');
    const recipients = await this.notifications.recipients(m, series, now);
    await this.notifications.planUpcoming(m, series, next, recipients, now);
    await this.notifications.planMoved(m, series, session, next, recipients, now);
    // Postponed by a minute or two (it is starting late), it gets its agenda before it begins.
    await this.agenda.sendImminent(m, series, now);
    await this.escalations.checkSeries(m, series, now);
  }

  /**
   * Cancelled: everyone hears; its agenda goes back to the backlog, first in line next time. Not
   * while lessons or actions are drawn from it (409): postponed, they move along.
   */
  private async cancel(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    dto: UpdateReflectionSessionDto,
    now: Date,
  ): Promise<void> {
    if (dto.reason === undefined) throw DomainError.invalid('reason', 'is required to cancel');
    await requireNoFollowUp(m, session.id, session.scheduledAt <= now);
    await this.scheduler.cancel(m, series, session, dto.reason, now);
    await this.escalations.checkSeries(m, series, now);
  }
}
