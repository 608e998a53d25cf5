import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { DateTime } from 'luxon';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AGENDA_ITEM_AUDIT_SUBJECT } from './agenda-item-audit-subject';
import { NotificationSubjectType } from '../notifications/notification-subject-type';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { lockForUpdate } from '../shared/lock-for-update';
import { AgendaCandidates } from './agenda-candidates.service';
import { agendaDueAt } from './agenda-due-at';
import { AgendaItemKind } from './agenda-item-kind';
import { agendaItemRoom } from './agenda-item-room';
import { actionReviewTitle } from './action-review-title';
import { AgendaItemStatus } from './agenda-item-status';
import { AgendaItemEntity } from './agenda-item.entity';
import { agendaSummary } from './agenda-summary';
import { maskAgendaReferences } from './mask-agenda-references';
import { compareIncidentRank, IncidentRank } from './compare-incident-rank';
import { AgendaCandidate, AgendaEntry, compileAgenda, CompiledAgenda } from './compile-agenda';
import { AgendaItemDto } from './dto/agenda-item.dto';
import { AgendaReferenceMask } from './agenda-reference-mask.service';
import { AgendaDto } from './dto/agenda.dto';
import { isLearningKind } from './is-learning-kind';
import { LEAST_AGENDA_LEAD_TIME } from './least-agenda-lead-time';
import { loadSeries } from './load-series';
import { lockAgendaSubjects } from './lock-agenda-subjects';
import { lockSeriesOfSession } from './lock-series-of-session';
import { lockTitleSources } from './lock-title-sources';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { SESSION_AUDIT_SUBJECT } from './session-audit-subject';
import { SessionNotifications } from './session-notifications.service';
import { SessionStatus } from './session-status';
import { sessionMinutes } from './session-minutes';
import { stillAwaited } from './still-awaited-sql';

const OPEN = [SessionStatus.Planned, SessionStatus.AgendaSent];
const WAITING = [AgendaItemStatus.Proposed, AgendaItemStatus.Scheduled, AgendaItemStatus.CarriedOver];

/** An agenda item with the number of times it was carried over before this compilation. */
interface Held {
  item: AgendaItemEntity;
  carried: number;
}

/**
 * Compiles, shows and sends session agendas. `dispatchDueAgendas` is the per-minute job that
 * sends each agenda once, at the series' lead time before the start.
 */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly candidates: AgendaCandidates,
    private readonly notifications: SessionNotifications,
    private readonly clock: Clock,
    private readonly mask: AgendaReferenceMask,
  ) {}

  async get(actor: Principal, sessionId: string): Promise<AgendaDto> {
    const session = await this.dataSource
      .getRepository(ReflectionSessionEntity)
      .findOneBy({ id: sessionId, ...this.access.scopeWhere(actor) });
    if (!session) throw DomainError.notFound('Reflection session', sessionId);
    const series = await this.dataSource
      .getRepository(ReflectionSeriesEntity)
      .findOneByOrFail({ id: session.seriesId });
    return this.view(this.dataSource.manager, actor, series, session);
  }

  /** Compiles the agenda again now (leads); a sent agenda that changed goes out again. */
  async recompile(actor: Principal, sessionId: string): Promise<AgendaDto> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      await lockSeriesOfSession(m, sessionId);
      const session = await lockForUpdate(
        m,
        ReflectionSessionEntity,
        sessionId,
        undefined,
        'Reflection session',
        this.access.scopeWhere(actor),
        // In permit, so that a member is refused (403) before an If-Match is compared (412).
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      if (!OPEN.includes(session.status)) {
        throw new DomainError(
          ErrorCode.Conflict,
          `The agenda of a ${session.status} session can no longer change.`,
        );
      }
      // Once it has begun, its agenda is what the meeting had: not changed, not sent again.
      if (session.scheduledAt <= now)
        throw new DomainError(ErrorCode.Conflict, 'The session has begun; its agenda can no longer change.');
      const series = (await loadSeries(m, session.seriesId)) as ReflectionSeriesEntity;
      const before = { ...session };
      if (session.status === SessionStatus.AgendaSent) await this.send(m, series, session, now);
      else {
        await this.compileInto(m, series, session, now);
        await m.save(session);
      }
      await this.audit.updated(m, actor, SESSION_AUDIT_SUBJECT, session.organisationId, before, session);
      return this.view(m, actor, series, session);
    });
  }

  /**
   * Sends the agenda of every planned session whose lead time has come (agendaDueAt: start −
   * agendaLeadTime, not before the session had its time, ≤ now < start): compiles it, marks the session agenda-sent and plans the e-mails and the
   * webhook in the same transaction. Calling it twice sends nothing twice. Returns how many
   * agendas were sent.
   */
  async dispatchDueAgendas(now: Date = this.clock.now()): Promise<number> {
    // A day of slack in SQL: the exact moment is computed in the series' zone below. In order of
    // that moment (start minus lead time on the series' clock, not before the session had its
    // time), so that sessions starting sooner with a shorter lead time do not keep a due agenda out
    // of the batch.
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM reflection_sessions s JOIN reflection_series r ON r.id = s.series_id
       WHERE s.status = 'planned' AND r.active AND s.scheduled_at > $1
         AND s.scheduled_at - (r.agenda_lead_time::interval + interval '1 day') <= $1
       ORDER BY GREATEST(((s.scheduled_at AT TIME ZONE r.time_zone) - r.agenda_lead_time::interval) AT TIME ZONE r.time_zone,
         s.scheduled_since), s.id
       LIMIT 1000`,
      [now],
    );
    let sent = 0;
    for (const { id } of due) {
      sent += await this.dataSource.transaction(async (m) => {
        await lockSeriesOfSession(m, id);
        const session = await m.findOne(ReflectionSessionEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!session || session.status !== SessionStatus.Planned || session.scheduledAt <= now) return 0;
        const series = await loadSeries(m, session.seriesId);
        if (!series?.active) return 0;
        const sendAt = agendaDueAt(series, session);
        if (sendAt > now) return 0;
        const before = { ...session };
        // Due when the lead time came (or the session its time), also when sent later (a worker
        // was down): the delivery log and the lag metric then show how late it went.
        await this.send(m, series, session, now, sendAt);
        await this.audit.updated(m, null, SESSION_AUDIT_SUBJECT, session.organisationId, before, session);
        return 1;
      });
    }
    await this.recordMissedAgendas(now);
    return sent;
  }

  /**
   * Sends now the agendas of the series' planned sessions that begin within the least lead time: a
   * session planned (made, moved or postponed to) that close to its start could begin before the
   * minutely dispatch looks again, and get none. Its lead time has come (it is at least that long),
   * so the agenda is as late as for any session planned within its lead time: due since then.
   * Called at the end of the transaction that planned them, the series locked.
   */
  async sendImminent(m: EntityManager, series: ReflectionSeriesEntity, now: Date): Promise<void> {
    if (!series.active) return;
    const soon = DateTime.fromJSDate(now).plus({ minutes: LEAST_AGENDA_LEAD_TIME.minutes }).toJSDate();
    const sessions = await m
      .getRepository(ReflectionSessionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.seriesId = :seriesId', { seriesId: series.id })
      .andWhere('s.status = :planned', { planned: SessionStatus.Planned })
      .andWhere('s.scheduledAt > :now AND s.scheduledAt <= :soon', { now, soon })
      .orderBy('s.scheduledAt', 'ASC')
      .getMany();
    for (const session of sessions) {
      const before = { ...session };
      await this.send(m, series, session, now, agendaDueAt(series, session));
      await this.audit.updated(m, null, SESSION_AUDIT_SUBJECT, session.organisationId, before, session);
    }
  }

  /**
   * Planned sessions of the last week that began without their agenda ever being planned (no worker
   * ran in their lead time): the delivery log gets a cancelled agenda per invitee saying so. Once:
   * the rows written are the trace.
   */
  private async recordMissedAgendas(now: Date): Promise<void> {
    const missed: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM reflection_sessions s JOIN reflection_series r ON r.id = s.series_id
       WHERE s.status = 'planned' AND r.active AND s.agenda_sent_at IS NULL
         AND s.scheduled_at <= $1 AND s.scheduled_at > $1 - interval '7 days'
         AND NOT EXISTS (SELECT 1 FROM notifications n
                         WHERE n.subject_type = $2 AND n.subject_id = s.id AND n.kind = 'agenda')
       ORDER BY s.scheduled_at, s.id
       LIMIT 1000`,
      [now, NotificationSubjectType.Session],
    );
    for (const { id } of missed)
      await this.dataSource.transaction(async (m) => {
        await lockSeriesOfSession(m, id);
        const session = await m.findOne(ReflectionSessionEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!session || session.status !== SessionStatus.Planned || session.agendaSentAt) return;
        const series = await loadSeries(m, session.seriesId);
        if (!series?.active) return;
        const dueAt = agendaDueAt(series, session);
        const recipients = await this.notifications.recipients(m, series, now);
        await this.notifications.recordMissedAgenda(m, series, session, recipients, dueAt);
      });
  }

  /**
   * Compiles and sends (or sends again) a session's agenda in the caller's transaction. The
   * icalSequence rises only when calendars get something new: the first agenda, or a changed one.
   */
  async send(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    now: Date,
    dueAt: Date = now,
  ): Promise<void> {
    const { agenda, changed } = await this.compileInto(m, series, session, now);
    const first = session.agendaSentAt === null;
    session.status = SessionStatus.AgendaSent;
    if (first || changed) {
      session.icalSequence += 1;
      session.agendaSentAt = now;
    }
    await m.save(session);
    if (first || changed) {
      const recipients = await this.notifications.recipients(m, series, now);
      await this.notifications.planAgenda(
        m,
        series,
        session,
        recipients,
        await agendaSummary(m, agenda),
        dueAt,
      );
    }
  }

  /**
   * Compiles a session's agenda and stores it: chosen items on the session in order, what did
   * not fit in the series' backlog (carried over). Compiling again first undoes this session's
   * own earlier carry-over, so the result only changes when the register or the items did.
   */
  async compileInto(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    now: Date,
  ): Promise<{ agenda: CompiledAgenda; changed: boolean }> {
    const own = await m.find(AgendaItemEntity, {
      where: { sessionId: session.id, status: In(WAITING) },
      order: { position: { direction: 'ASC', nulls: 'LAST' }, createdAt: 'ASC', id: 'ASC' },
    });
    const backlog = await m.find(AgendaItemEntity, {
      where: {
        seriesId: series.id,
        sessionId: IsNull(),
        status: In([AgendaItemStatus.Proposed, AgendaItemStatus.CarriedOver]),
      },
    });
    const signature = (items: AgendaItemEntity[]) =>
      agendaSignature(items.filter((i) => i.status === AgendaItemStatus.Scheduled));
    const before = signature(own);
    const lapsed = new Set([
      ...(await this.noLongerDue(m, [...own, ...backlog], now)),
      ...(await this.outsideChain(m, series, [...own, ...backlog])),
    ]);
    const snapshots = new Map([...own, ...backlog].map((item) => [item.id, { ...item }]));

    // Sort what exists into carried over, hand-picked, and stale (compiled here before: made anew).
    // A sent agenda is what everyone has: compiled again, what is on it stays, as if picked by hand.
    const sent = session.status === SessionStatus.AgendaSent;
    const kept: Held[] = [];
    const carried: Held[] = [];
    const manual: Held[] = [];
    const stale = new Map<string, AgendaItemEntity[]>();
    // A postponed session's replacement is the same meeting: what the compilation of the session it
    // replaces carried over is its own (counted again, it outranked what it was compiled with).
    const here = new Set([session.id, ...(session.rescheduledFromId ? [session.rescheduledFromId] : [])]);
    for (const item of [...own, ...backlog].filter((i) => !lapsed.has(i.id))) {
      const pushedHere =
        item.sessionId === null && item.carriedFromSessionId !== null && here.has(item.carriedFromSessionId);
      const count = pushedHere ? item.carryOverCount - 1 : item.carryOverCount;
      // On a sent agenda (or added to it since, as it still fit): stays, whatever the share.
      if (sent && item.sessionId === session.id) kept.push({ item, carried: count });
      else if (count > 0) carried.push({ item, carried: count });
      else if (item.origin === 'manual') manual.push({ item, carried: 0 });
      else if (pushedHere || item.sessionId === session.id) {
        const key = keyOf(item.kind, item.referenceId);
        stale.set(key, [...(stale.get(key) ?? []), item]);
      } else carried.push({ item, carried: count });
    }
    // Carried over most often first; at the same count hand-picked and learning items before
    // incidents, and incidents as they rank (all carried from one agenda share their creation time).
    const ranks = await this.incidentRanks(m, carried);
    const rankOf = (h: Held) => (h.item.referenceId ? ranks.get(h.item.referenceId) : undefined);
    carried.sort((a, b) => {
      const [ra, rb] = [rankOf(a), rankOf(b)];
      return (
        b.carried - a.carried ||
        Number(ra !== undefined) - Number(rb !== undefined) ||
        (ra && rb
          ? compareIncidentRank(ra, rb) || a.item.referenceId!.localeCompare(b.item.referenceId!)
          : 0) ||
        a.item.createdAt.getTime() - b.item.createdAt.getTime() ||
        a.item.id.localeCompare(b.item.id)
      );
    });
    const byCreation = (a: Held, b: Held) =>
      a.item.createdAt.getTime() - b.item.createdAt.getTime() || a.item.id.localeCompare(b.item.id);
    manual.sort(byCreation);
    // A sent agenda keeps its order: by the places its items had, what was added since after them.
    const place = (h: Held) => h.item.position ?? Number.MAX_SAFE_INTEGER;
    kept.sort((a, b) => place(a) - place(b) || byCreation(a, b));
    const byId = new Map([...kept, ...carried, ...manual].map((h) => [h.item.id, h]));

    const elsewhere = await this.keysOnOtherOpenSessions(m, series.id, session.id, now);
    const dropped = await this.droppedKeys(m, series.id, session.id);
    const gathered = await this.candidates.gather(m, series, session, now);
    const candidates = gathered.filter(
      (c) => !elsewhere.has(candidateKey(c)) && !dropped.has(candidateKey(c)),
    );
    // A compiled review of overdue actions carried over says how many are overdue now, and goes
    // when none are (it was compiled with the count of its day).
    const overdueNow = gathered.reduce((n, c) => n + (c.type === 'overdue-actions' ? c.count : 0), 0);
    for (const held of [...carried]) {
      const item = held.item;
      if (item.kind !== AgendaItemKind.ActionReview || item.referenceId || item.origin !== 'compiled')
        continue;
      if (overdueNow > 0) item.title = actionReviewTitle(overdueNow);
      else {
        lapsed.add(item.id);
        carried.splice(carried.indexOf(held), 1);
        byId.delete(item.id);
      }
    }
    const length = sessionMinutes(session);
    // What the agenda is about is locked before any item is written: a subject deleted since it
    // was read is left out (its delete's trigger ran before the item existed, and took along the
    // items it had) and the agenda compiled again, so its time goes to the next in line. Only the
    // chosen subjects are locked, not every candidate read.
    const gone = new Set<string>();
    const locked = new Set<string>();
    const present = (h: Held) => !gone.has(keyOf(h.item.kind, h.item.referenceId));
    let agenda: CompiledAgenda;
    for (;;) {
      agenda = compileAgenda({
        sessionMinutes: length,
        protectedShare: series.protectedShare,
        carriedOver: carried.filter(present).map((h) => entryOf(h.item)),
        manual: manual.filter(present).map((h) => entryOf(h.item)),
        kept: kept.filter(present).map((h) => entryOf(h.item)),
        candidates: candidates.filter((c) => !gone.has(candidateKey(c))),
      });
      const chosen = [...agenda.items, ...agenda.carriedOver].filter(
        (e) => e.referenceId !== null && !locked.has(keyOf(e.kind, e.referenceId)),
      );
      const vanished = await lockAgendaSubjects(m, series.organisationId, chosen);
      for (const e of chosen) locked.add(keyOf(e.kind, e.referenceId));
      for (const v of vanished) gone.add(keyOf(v.kind, v.referenceId));
      if (vanished.length === 0) break;
    }
    // Their items went with them: not deleted (nor audited) a second time.
    for (const key of gone) stale.delete(key);

    const reuse = (entry: AgendaEntry): AgendaItemEntity => {
      if (entry.id) return byId.get(entry.id)!.item;
      const key = keyOf(entry.kind, entry.referenceId);
      const old = stale.get(key)?.shift();
      return (
        old ??
        m.create(AgendaItemEntity, {
          organisationId: series.organisationId,
          seriesId: series.id,
          kind: entry.kind,
          referenceId: entry.referenceId,
          origin: 'compiled',
          carryOverCount: 0,
          carriedFromSessionId: null,
          createdById: null,
        })
      );
    };
    // Made ready first, then written in this order once what their titles read is locked.
    const onAgenda = agenda.items.map((entry) =>
      Object.assign(reuse(entry), {
        sessionId: session.id,
        title: entry.title,
        timeboxMinutes: entry.timeboxMinutes,
        position: entry.position,
        status: AgendaItemStatus.Scheduled,
        learning: entry.learning,
        carryOverCount: entry.id ? byId.get(entry.id)!.carried : 0,
      }),
    );
    // What no session of the series has room for now (its length or share changed since the item
    // was picked) would be carried over for ever: it waits in the backlog as it is, not counted,
    // until the series has room for it again or a lead shortens it (README). The register offers
    // a compiled incident again by itself.
    const room = (entry: AgendaEntry) =>
      agendaItemRoom(entry.kind, series.durationMinutes, series.protectedShare);
    const waiting = agenda.carriedOver
      .filter((e) => e.timeboxMinutes > room(e))
      .map((entry) => (entry.id ? byId.get(entry.id)!.item : null))
      .filter((item): item is AgendaItemEntity => item?.sessionId === session.id)
      .map((item) =>
        Object.assign(item, {
          sessionId: null,
          position: null,
          status: item.carryOverCount > 0 ? AgendaItemStatus.CarriedOver : AgendaItemStatus.Proposed,
        }),
      );
    const carriedOn = agenda.carriedOver
      .filter((e) => e.timeboxMinutes <= room(e))
      .map((entry) =>
        Object.assign(reuse(entry), {
          sessionId: null,
          title: entry.title,
          timeboxMinutes: entry.timeboxMinutes,
          position: null,
          status: AgendaItemStatus.CarriedOver,
          learning: entry.learning,
          carryOverCount: (entry.id ? byId.get(entry.id)!.carried : 0) + 1,
          carriedFromSessionId: session.id,
        }),
      );
    await lockTitleSources(m, [...onAgenda, ...waiting, ...carriedOn], snapshots);
    const placed: AgendaItemEntity[] = [];
    for (const item of onAgenda) placed.push(await this.saveAudited(m, item, snapshots));
    for (const item of [...waiting, ...carriedOn]) await this.saveAudited(m, item, snapshots);
    const leftover = [...stale.values()].flat().map((i) => i.id);
    if (leftover.length + lapsed.size > 0) {
      await m.delete(AgendaItemEntity, { id: In([...leftover, ...lapsed]) });
      for (const id of [...leftover, ...lapsed]) {
        const gone = snapshots.get(id) as AgendaItemEntity;
        await this.audit.deleted(m, null, AGENDA_ITEM_AUDIT_SUBJECT, gone.organisationId, gone);
      }
    }

    session.agendaCompiledAt = now;
    // Changed by this compilation, or since the agenda last went out (an item edited meanwhile:
    // compiling again is how a lead sends it, README).
    const after = signature(placed);
    const announced = sent ? await this.announcedSignature(m, session.id) : null;
    // The e-mail carried the items as everyone reads them: a masked one without its reference.
    const changed =
      before !== after ||
      (announced !== null && announced !== signature(await maskAgendaReferences(m, placed)));
    return { agenda, changed };
  }

  /** The signature (as compileInto's) of the agenda the session's last agenda e-mail carried. */
  private async announcedSignature(m: EntityManager, sessionId: string): Promise<string | null> {
    const [last]: { items: AgendaItemEntity[] | null }[] = await m.query(
      `SELECT payload->'agenda'->'items' AS items FROM notifications
       WHERE subject_type = 'reflection-session' AND subject_id = $1 AND kind = 'agenda'
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [sessionId],
    );
    return Array.isArray(last?.items) ? agendaSignature(last.items) : null;
  }

  /**
   * Saves an item the compilation made or moved, with its audit event. No actor is named: in a
   * lead's request the database fills in the caller (migration 1764860000000); the dispatcher's
   * compilation has none.
   */
  private async saveAudited(
    m: EntityManager,
    item: AgendaItemEntity,
    snapshots: Map<string, AgendaItemEntity>,
  ): Promise<AgendaItemEntity> {
    const saved = await m.save(item);
    const before = snapshots.get(saved.id);
    if (before)
      await this.audit.updated(m, null, AGENDA_ITEM_AUDIT_SUBJECT, saved.organisationId, before, saved);
    else await this.audit.created(m, null, AGENDA_ITEM_AUDIT_SUBJECT, saved.organisationId, saved);
    return saved;
  }

  private async view(
    m: EntityManager,
    actor: Principal,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
  ): Promise<AgendaDto> {
    const items = await m.find(AgendaItemEntity, {
      where: { sessionId: session.id, status: Not(AgendaItemStatus.Dropped) },
      order: { position: { direction: 'ASC', nulls: 'LAST' }, createdAt: 'ASC', id: 'ASC' },
    });
    const length = sessionMinutes(session);
    const minutes = (list: AgendaItemEntity[]) => list.reduce((n, i) => n + i.timeboxMinutes, 0);
    return {
      sessionId: session.id,
      seriesId: session.seriesId,
      status: session.status,
      scheduledAt: session.scheduledAt,
      agendaCompiledAt: session.agendaCompiledAt,
      agendaSentAt: session.agendaSentAt,
      sessionMinutes: length,
      protectedMinutes: compileAgenda({
        sessionMinutes: length,
        protectedShare: series.protectedShare,
        carriedOver: [],
        manual: [],
        candidates: [],
      }).protectedMinutes,
      totalMinutes: minutes(items),
      learningMinutes: minutes(items.filter((i) => i.learning)),
      items: await this.mask.apply(m, actor, items.map(AgendaItemDto.from)),
    };
  }

  /** How the carried-over incident items rank (compareIncidentRank), by incident id. */
  private async incidentRanks(m: EntityManager, carried: Held[]): Promise<Map<string, IncidentRank>> {
    const ids = carried
      .filter((h) => h.item.kind === AgendaItemKind.Incident && h.item.referenceId)
      .map((h) => h.item.referenceId as string);
    if (ids.length === 0) return new Map();
    const rows: (IncidentRank & { id: string })[] = await m.query(
      `SELECT id, severity, public_attention AS "publicAttention", recurrence, occurred_at AS "occurredAt"
       FROM incidents WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map(({ id, ...rank }) => [id, rank]));
  }

  /**
   * Compiled learning items whose subject no longer waits for the leadership: a theme ended, a
   * lesson validated or re-checked, a best practice endorsed meanwhile. Carried over, they would
   * otherwise come back first. (Hand-picked items stay: someone chose them.)
   */
  private async noLongerDue(m: EntityManager, items: AgendaItemEntity[], now: Date): Promise<Set<string>> {
    const learning = items.filter((i) => i.origin === 'compiled' && i.learning && i.referenceId);
    if (learning.length === 0) return new Set();
    const rows: { id: string }[] = await m.query(
      `SELECT i.id FROM agenda_items i WHERE i.id = ANY ($1) AND NOT CASE i.kind
         WHEN '${AgendaItemKind.Theme}' THEN EXISTS (SELECT 1 FROM themes t WHERE t.id = i.reference_id AND t.active)
         WHEN '${AgendaItemKind.Lesson}' THEN EXISTS (SELECT 1 FROM lessons l WHERE l.id = i.reference_id
           AND (l.status = 'draft' OR (l.status = 'embedded' AND l.recheck_at <= $2
             AND (l.rechecked_at IS NULL OR l.rechecked_at < l.recheck_at))))
         WHEN '${AgendaItemKind.BestPractice}' THEN EXISTS (SELECT 1 FROM best_practices b
           WHERE b.id = i.reference_id AND b.status = 'proposed')
         ELSE true END`,
      [learning.map((i) => i.id), now],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Compiled items whose incident, lesson or best practice is no longer in the series' chain (it
   * moved to another chain, or the series did): a series about a chain looks at that chain only
   * (AgendaCandidates), and its agenda goes to that chain's triangle. Carried over, they would
   * stay on its agendas for good. (Hand-picked items stay, as a lead may pick any chain's.)
   */
  private async outsideChain(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    items: AgendaItemEntity[],
  ): Promise<Set<string>> {
    const compiled = items.filter((i) => i.origin === 'compiled' && i.referenceId);
    if (series.chainId === null || compiled.length === 0) return new Set();
    const elsewhere = (table: string) =>
      `EXISTS (SELECT 1 FROM ${table} x WHERE x.id = i.reference_id AND x.chain_id IS DISTINCT FROM $2)`;
    const rows: { id: string }[] = await m.query(
      `SELECT i.id FROM agenda_items i WHERE i.id = ANY ($1) AND CASE i.kind
         WHEN '${AgendaItemKind.Incident}' THEN ${elsewhere('incidents')}
         WHEN '${AgendaItemKind.Lesson}' THEN ${elsewhere('lessons')}
         WHEN '${AgendaItemKind.BestPractice}' THEN ${elsewhere('best_practices')}
         ELSE false END`,
      [compiled.map((i) => i.id), series.chainId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * What a lead dropped stays off: any subject dropped from this session's agenda, and an incident
   * dropped from any agenda or the backlog of the series (a theme or lesson comes back in a later
   * session by rotation).
   */
  private async droppedKeys(m: EntityManager, seriesId: string, sessionId: string): Promise<Set<string>> {
    const rows: { kind: AgendaItemKind; referenceId: string | null }[] = await m.query(
      `SELECT kind, reference_id AS "referenceId" FROM agenda_items
       WHERE series_id = $1 AND status = 'dropped' AND (session_id = $2 OR kind = 'incident')`,
      [seriesId, sessionId],
    );
    return new Set(rows.map((r) => keyOf(r.kind, r.referenceId)));
  }

  /**
   * Subjects already on the agenda of another session of the series still to be held or recorded:
   * not twice in a row. (One that went by unrecorded keeps none once it counts as not held.)
   */
  private async keysOnOtherOpenSessions(
    m: EntityManager,
    seriesId: string,
    sessionId: string,
    now: Date,
  ): Promise<Set<string>> {
    const rows: { kind: AgendaItemKind; referenceId: string | null }[] = await m.query(
      `SELECT i.kind, i.reference_id AS "referenceId" FROM agenda_items i
       JOIN reflection_sessions s ON s.id = i.session_id JOIN reflection_series r ON r.id = s.series_id
       WHERE s.series_id = $1 AND s.id <> $2 AND ${stillAwaited('s', 'r', '$3')}
         AND i.status IN ('proposed', 'scheduled')`,
      [seriesId, sessionId, now],
    );
    return new Set(rows.map((r) => keyOf(r.kind, r.referenceId)));
  }
}

function keyOf(kind: AgendaItemKind, referenceId: string | null): string {
  return `${kind}:${referenceId ?? ''}`;
}

function candidateKey(candidate: AgendaCandidate): string {
  switch (candidate.type) {
    case 'theme':
      return keyOf(AgendaItemKind.Theme, candidate.referenceId);
    case 'lesson-validation':
    case 'lesson-recheck':
      return keyOf(AgendaItemKind.Lesson, candidate.referenceId);
    case 'best-practice-endorsement':
      return keyOf(AgendaItemKind.BestPractice, candidate.referenceId);
    case 'incident':
      return keyOf(AgendaItemKind.Incident, candidate.referenceId);
    case 'overdue-actions':
      return keyOf(AgendaItemKind.ActionReview, null);
  }
}

function entryOf(item: AgendaItemEntity): AgendaEntry {
  return {
    id: item.id,
    kind: item.kind,
    referenceId: item.referenceId,
    title: item.title,
    timeboxMinutes: item.timeboxMinutes,
    learning: isLearningKind(item.kind),
  };
}

/** What a reader of an agenda sees of it, to tell two agendas apart: its items, in order. */
function agendaSignature(
  items: Pick<AgendaItemEntity, 'position' | 'kind' | 'referenceId' | 'title' | 'timeboxMinutes'>[],
): string {
  return JSON.stringify(items.map((i) => [i.position, i.kind, i.referenceId, i.title, i.timeboxMinutes]));
}
