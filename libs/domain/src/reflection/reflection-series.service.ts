import { Injectable } from '@nestjs/common';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { ChainEntity } from '../governance/chain.entity';
import { OrganisationEntity } from '../governance/organisation.entity';
import { NotificationWriter } from '../notifications/notification-writer.service';
import { applyPatch } from '../shared/apply-patch';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { escapeLike } from '../shared/escape-like';
import { localDate } from '../shared/local-date';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginateThenLoad } from '../shared/paginate-then-load';
import { AgendaService } from './agenda.service';
import { checkRecurrenceRule } from './check-recurrence-rule';
import { computeOccurrences } from './compute-occurrences';
import { EscalationService } from './escalation.service';
import { requireChainOfKind } from './require-chain-of-kind';
import { requireKnownTimeZone } from './require-known-time-zone';
import { ruleUntil } from './rule-until';
import { ruleYieldsWithin } from './rule-yields-within';
import { SieveThreads } from './sieve-threads';
import { CreateReflectionSeriesDto } from './dto/create-reflection-series.dto';
import { ReflectionSeriesQueryDto } from './dto/reflection-series-query.dto';
import { ReflectionSeriesDto } from './dto/reflection-series.dto';
import { UpdateReflectionSeriesDto } from './dto/update-reflection-series.dto';
import { isSeriesInvitee } from './is-series-invitee';
import { loadSeries } from './load-series';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { SESSION_AUDIT_SUBJECT } from './session-audit-subject';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { SessionNotifications } from './session-notifications.service';
import { SessionScheduler } from './session-scheduler.service';
import { remindedSessions } from './reminded-sessions';
import { sessionsWithFollowUp } from './sessions-with-follow-up';
import { requireActivePeople } from '../governance/require-active-people';
import { changeAgendaItems } from './change-agenda-items';
import { requireWholeSecond } from '../shared/require-whole-second';
import { requireUri } from '../shared/require-uri';
import { MEETING_URL_MAX_LENGTH } from './meeting-url-max-length';

const SUBJECT: AuditSubject = {
  type: 'reflection-series',
  fields: [
    'title',
    'chainId',
    'kind',
    'chairId',
    'participantIds',
    'rrule',
    'firstStart',
    'timeZone',
    'durationMinutes',
    'agendaLeadTime',
    'reminderOffsets',
    'protectedShare',
    'location',
    'meetingUrl',
    'skipPublicHolidays',
    'active',
  ],
};

const SCHEDULE_FIELDS = ['rrule', 'firstStart', 'timeZone', 'durationMinutes', 'skipPublicHolidays'] as const;
const CALENDAR_FIELDS = ['title', 'location', 'meetingUrl'] as const;

function auditable(series: ReflectionSeriesEntity): { id: string } & Record<string, unknown> {
  return { ...series, participantIds: (series.participants ?? []).map((p) => p.id).sort() };
}

/** Recurring reflection slots; leads and admins manage them, everyone in the organisation reads them. */
@Injectable()
export class ReflectionSeriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly scheduler: SessionScheduler,
    private readonly notifications: SessionNotifications,
    private readonly writer: NotificationWriter,
    private readonly escalations: EscalationService,
    private readonly agenda: AgendaService,
    private readonly clock: Clock,
    private readonly sieveThreads: SieveThreads,
  ) {}

  async list(actor: Principal, query: ReflectionSeriesQueryDto): Promise<Page<ReflectionSeriesDto>> {
    const qb = this.dataSource.getRepository(ReflectionSeriesEntity).createQueryBuilder('r');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('r.organisationId = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('r.organisationId = :requested', { requested: query.organisationId });
    if (query.chainId) qb.andWhere('r.chainId = :chainId', { chainId: query.chainId });
    whereInList(qb, 'r.kind', 'kind', query.kind);
    if (query.active !== undefined) qb.andWhere('r.active = :active', { active: query.active });
    if (query.title) qb.andWhere('r.title ILIKE :title', { title: `%${escapeLike(query.title)}%` });
    if (query.personId)
      qb.andWhere(isSeriesInvitee('r', ':personId', ':today'), {
        personId: query.personId,
        today: localDate(this.clock.now()),
      });
    qb.orderBy('r.title', 'ASC').addOrderBy('r.id', 'ASC');
    return paginateThenLoad(qb, query, { participants: true }, ReflectionSeriesDto.from);
  }

  async get(actor: Principal, id: string): Promise<ReflectionSeriesDto> {
    return ReflectionSeriesDto.from(await this.find(actor, id));
  }

  /** The series if the caller may see it; not-found otherwise. */
  async find(actor: Principal, id: string): Promise<ReflectionSeriesEntity> {
    const series = await loadSeries(this.dataSource.manager, id);
    if (!series || !this.access.canSeeOrganisation(actor, series.organisationId))
      throw DomainError.notFound('Reflection series', id);
    return series;
  }

  async create(actor: Principal, dto: CreateReflectionSeriesDto): Promise<ReflectionSeriesDto> {
    this.access.requireRole(actor, AccessRole.Lead);
    const organisationId = this.access.targetOrganisation(actor, dto.organisationId);
    const meetingUrl = dto.meetingUrl ? meetingUrlAsStored(dto.meetingUrl) : null;
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      if (!(await m.existsBy(OrganisationEntity, { id: organisationId })))
        throw DomainError.reference('organisationId', 'organisation');
      const chainId = dto.chainId ?? null;
      if (chainId) await this.requireChain(m, organisationId, chainId);
      else requireChainOfKind(dto.kind);
      await requireChair(m, organisationId, dto.chairId);
      const timeZone = dto.timeZone ? await requireKnownTimeZone(m, dto.timeZone) : 'Europe/Amsterdam';
      // A chain's triangle is invited as it is at each moment (isSeriesInvitee), not copied here.
      const participants = await requireActivePeople(
        m,
        organisationId,
        dto.participantIds ?? [],
        'participantIds',
      );
      const series = m.create(ReflectionSeriesEntity, {
        organisationId,
        chainId,
        title: dto.title,
        kind: dto.kind,
        chairId: dto.chairId,
        participants,
        rrule: normalisedRule(dto.rrule),
        firstStart: startWithinReach(dto.firstStart, now),
        timeZone,
        durationMinutes: dto.durationMinutes,
        agendaLeadTime: dto.agendaLeadTime ?? 'P3D',
        reminderOffsets: dto.reminderOffsets ?? ['P1D'],
        protectedShare: dto.protectedShare ?? 0.4,
        location: dto.location ?? null,
        meetingUrl,
        skipPublicHolidays: dto.skipPublicHolidays ?? true,
        materialisedUntil: null,
        active: true,
      });
      await requireSomeOccurrence(this.sieveThreads, series, now);
      const saved = await m.save(series);
      await this.audit.created(m, actor, SUBJECT, organisationId, auditable(saved));
      await this.scheduler.materialise(m, saved, now);
      // A first session about to begin gets its agenda now, not after it began (README).
      await this.agenda.sendImminent(m, saved, now);
      return ReflectionSeriesDto.from(saved);
    });
  }

  async update(actor: Principal, id: string, dto: UpdateReflectionSeriesDto): Promise<ReflectionSeriesDto> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      await lockForUpdate(
        m,
        ReflectionSeriesEntity,
        id,
        dto.version,
        'Reflection series',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      const series = (await loadSeries(m, id)) as ReflectionSeriesEntity;
      const before = auditable(series);
      const invited = await this.scheduler.invited(m, series, now);
      const { participantIds, rrule, firstStart, ...fields } = dto;
      if (fields.chainId) await this.requireChain(m, series.organisationId, fields.chainId);
      // A stopped series may have lost its chair's lead role (or the chair): started again, it
      // needs a chair who may record its outcomes, as a new series does.
      const restarted = fields.active === true && !series.active;
      if ((fields.chairId && fields.chairId !== series.chairId) || restarted)
        await requireChair(m, series.organisationId, fields.chairId ?? series.chairId);
      if (fields.timeZone && fields.timeZone !== series.timeZone)
        fields.timeZone = await requireKnownTimeZone(m, fields.timeZone);
      if (fields.meetingUrl) fields.meetingUrl = meetingUrlAsStored(fields.meetingUrl);
      applyPatch(series, fields);
      if ((fields.kind !== undefined || fields.chainId !== undefined) && !series.chainId)
        requireChainOfKind(series.kind);
      if (rrule !== undefined) series.rrule = normalisedRule(rrule);
      if (firstStart !== undefined && new Date(firstStart).getTime() !== series.firstStart.getTime())
        series.firstStart = startWithinReach(firstStart, now);
      if (participantIds !== undefined)
        series.participants = await requireActivePeople(
          m,
          series.organisationId,
          participantIds,
          'participantIds',
          (series.participants ?? []).map((p) => p.id),
        );
      const after = auditable(series);
      const changed = (field: string) => JSON.stringify(before[field]) !== JSON.stringify(after[field]);
      // Nothing to change: no new version (a client holding this one would be told it is stale).
      // The participants count by their ids (participantIds).
      if (!Object.keys(after).some((field) => field !== 'participants' && changed(field)))
        return ReflectionSeriesDto.from(series);
      if (SCHEDULE_FIELDS.some(changed)) await requireSomeOccurrence(this.sieveThreads, series, now);
      series.updatedAt = new Date();
      const saved = await m.save(series);

      let fresh: string[] = [];
      if (!saved.active) {
        if (changed('active')) {
          await this.scheduler.removeFuture(m, saved, now);
          const cancelled = await this.scheduler.cancelFuture(m, saved, now);
          for (const { before, after } of cancelled)
            await this.audit.updated(m, actor, SESSION_AUDIT_SUBJECT, saved.organisationId, before, after);
          // Sessions whose agenda went out are cancelled: two in a row are reflection crowded out,
          // as when they are cancelled one by one (PRODUCT: the owner is told).
          if (cancelled.length > 0) await this.escalations.checkSeries(m, saved, now);
        }
      } else if (changed('active') || SCHEDULE_FIELDS.some(changed)) {
        fresh = (await this.scheduler.replaceFuture(m, saved, now)).map((s) => s.id);
      }
      if (saved.active && changed('agendaLeadTime'))
        await this.scheduler.agendaLeadTimeChanged(m, saved, String(before.agendaLeadTime), now);
      // Reminders are planned with the title, place and link (a webhook sends them as planned).
      // A new chain brings its triangle along (isSeriesInvitee).
      // Who was taken off hears so first; the reminders follow after.
      const invitees = ['chairId', 'participantIds', 'chainId'];
      if (saved.active && invitees.some(changed))
        await this.scheduler.inviteesChanged(m, saved, invited, now);
      // New offsets are new reminders for everyone; otherwise only what changed is planned.
      if (saved.active && changed('reminderOffsets'))
        await this.scheduler.replanReminders(m, saved, now, 'the series was changed', fresh);
      else if (saved.active && [...invitees, ...CALENDAR_FIELDS].some(changed))
        await this.scheduler.remindersChanged(
          m,
          saved,
          now,
          {
            invitedBefore: invitees.some(changed) ? invited : undefined,
            details: CALENDAR_FIELDS.some(changed),
          },
          'the series was changed',
          fresh,
        );
      if (CALENDAR_FIELDS.some(changed)) await this.scheduler.calendarChanged(m, saved, now);
      // Last, as the invitation it sends is the session as it now stands.
      if (SCHEDULE_FIELDS.some(changed) || changed('active')) await this.agenda.sendImminent(m, saved, now);
      await this.audit.updated(m, actor, SUBJECT, saved.organisationId, before, auditable(saved));
      return ReflectionSeriesDto.from(saved);
    });
  }

  /** Only a series without recorded outcomes can go; otherwise stop it (active false) and keep its history. */
  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await lockForUpdate(
        m,
        ReflectionSeriesEntity,
        id,
        undefined,
        'Reflection series',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      const series = (await loadSeries(m, id)) as ReflectionSeriesEntity;
      const sessions: { id: string; recorded: boolean; announced: boolean }[] = await m.query(
        `SELECT id, outcome_recorded_at IS NOT NULL AS recorded, agenda_sent_at IS NOT NULL AS announced
         FROM reflection_sessions WHERE series_id = $1 FOR UPDATE`,
        [id],
      );
      // Invitations went out with an agenda, or reminders: deleting would leave them in calendars,
      // and people expecting a meeting, uncancelled.
      const reminded = await remindedSessions(
        m,
        sessions.map((s) => s.id),
      );
      const announced = sessions.filter((s) => s.announced || reminded.has(s.id)).length;
      if (announced > 0)
        throw new DomainError(
          ErrorCode.Conflict,
          `The agenda or a reminder of ${announced} session(s) of this series went out; ` +
            'set active to false to stop it: that cancels them for everyone invited.',
        );
      const followedUp = await sessionsWithFollowUp(
        m,
        sessions.map((s) => s.id),
      );
      if (sessions.some((s) => s.recorded) || followedUp.size > 0) {
        throw new DomainError(
          ErrorCode.Conflict,
          'This series has sessions with a recorded outcome, or with lessons or actions drawn from them; ' +
            'set active to false to stop it and keep its history.',
        );
      }
      if (sessions.length > 0)
        await this.notifications.cancelAll(
          m,
          sessions.map((s) => s.id),
          'the series was deleted',
        );
      await this.writer.cancelForSubject(m, 'reflection-series', id, 'the series was deleted');
      // Its agenda items and backlog go with it, each audited as deleted (as a change of rule does),
      // and so do its sessions.
      await changeAgendaItems(m, this.audit, actor, { seriesId: id }, () => false);
      const gone = await m.find(ReflectionSessionEntity, { where: { seriesId: id } });
      await this.audit.deletedMany(m, actor, SESSION_AUDIT_SUBJECT, series.organisationId, gone);
      await m.delete(ReflectionSeriesEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, series.organisationId, auditable(series));
    });
  }

  private async requireChain(m: EntityManager, organisationId: string, chainId: string): Promise<void> {
    if (!(await m.existsBy(ChainEntity, { id: chainId, organisationId })))
      throw DomainError.reference('chainId', 'chain');
  }
}

/** The meeting URL as it is stored and shown: an RFC 3986 URI, within the length the API documents. */
function meetingUrlAsStored(input: string): string {
  const url = requireUri('meetingUrl', input);
  // Percent-encoding makes a URL longer (ü is %C3%BC): one within the limit as typed may not be,
  // and a client sending back what it read would be refused.
  if (url.length > MEETING_URL_MAX_LENGTH)
    throw DomainError.invalid(
      'meetingUrl',
      `must be at most ${MEETING_URL_MAX_LENGTH} characters as stored, percent-encoded (this one is ${url.length})`,
    );
  return url;
}

function normalisedRule(input: string): string {
  const result = checkRecurrenceRule(input);
  if (!result.ok) throw DomainError.invalid('rrule', result.reason);
  return result.rule;
}

/**
 * The chair leads the sessions and records their outcome, which takes a lead: a lead or an admin
 * (a member chair was asked for the outcome and refused when giving it).
 */
async function requireChair(m: EntityManager, organisationId: string, chairId: string): Promise<void> {
  const [chair] = await requireActivePeople(m, organisationId, [chairId], 'chairId');
  if (chair.accessRole === AccessRole.Member) {
    const reason = `names ${chair.name}, a member: the chair records the outcome, which takes a lead or admin`;
    throw new DomainError(ErrorCode.ReferenceNotFound, `chairId ${reason}.`, {
      invalidParams: [{ name: 'chairId', reason }],
    });
  }
}

/**
 * A series starts within five years of today, on a whole second. Every expansion of its rule steps from the first
 * start onwards (a start in the year 1000 cost seconds on each), and its sessions must stay within
 * what calendars and reports can write.
 */
function startWithinReach(value: string, now: Date): Date {
  const start = DateTime.fromISO(value);
  const today = DateTime.fromJSDate(now);
  if (start < today.minus({ years: 5 }) || start > today.plus({ years: 5 }))
    throw DomainError.invalid('firstStart', 'must lie within five years of today');
  // The rule repeats the time to the second: a fraction would hold for the first session only.
  requireWholeSecond('firstStart', start.toJSDate());
  return start.toJSDate();
}

/**
 * A rule that can never produce a session (e.g. 30 February) is a mistake worth a 400. It is
 * sieved off the event loop first: the `rrule` package looks for a match of such a rule up to the
 * year 9999, seconds in which the api would answer nobody.
 */
async function requireSomeOccurrence(
  threads: SieveThreads,
  series: ReflectionSeriesEntity,
  now: Date,
): Promise<void> {
  // Said as it is, rather than as a rule that never meets: nothing follows its end.
  const last = ruleUntil(series);
  if (last && last < series.firstStart)
    throw DomainError.invalid(
      'rrule',
      `ends (UNTIL, ${last.toISOString()}) before firstStart (${series.firstStart.toISOString()}): it yields no session`,
    );
  const until = DateTime.fromJSDate(series.firstStart).plus({ years: 5 }).toJSDate();
  if (
    !(await ruleYieldsWithin(threads, series, until)) ||
    computeOccurrences(series, series.firstStart, until, 1).length === 0
  )
    throw DomainError.invalid('rrule', 'yields no session within five years of firstStart');
  // A series whose sessions all lie behind it (a COUNT used up) would be active and never meet.
  const from = new Date(Math.max(now.getTime(), series.firstStart.getTime()));
  const ahead = DateTime.fromJSDate(from).plus({ years: 5 }).toJSDate();
  // Sieved first too: a rule that met early on may next meet decades later, step by step.
  if (
    !(await ruleYieldsWithin(threads, series, ahead, from)) ||
    computeOccurrences(series, from, ahead, 1).length === 0
  )
    throw DomainError.invalid('rrule', 'yields no session from now on: all of its sessions lie in the past');
}
