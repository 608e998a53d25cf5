import { Injectable } from '@nestjs/common';
import { agendaItemRoom } from './agenda-item-room';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
import { TOTAL_CAP } from '../shared/total-cap';
import { AgendaItemKind } from './agenda-item-kind';
import { AGENDA_ITEM_REFERENCES } from './agenda-item-references';
import { agendaTitle } from './agenda-title';
import { AgendaItemStatus } from './agenda-item-status';
import { AgendaItemEntity } from './agenda-item.entity';
import { AgendaReferenceMask } from './agenda-reference-mask.service';
import { AgendaItemQueryDto } from './dto/agenda-item-query.dto';
import { AgendaItemDto } from './dto/agenda-item.dto';
import { CreateAgendaItemDto } from './dto/create-agenda-item.dto';
import { UpdateAgendaItemDto } from './dto/update-agenda-item.dto';
import { isLearningKind } from './is-learning-kind';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { SessionStatus } from './session-status';
import { lockSeriesOfSession } from './lock-series-of-session';
import { AGENDA_ITEM_AUDIT_SUBJECT } from './agenda-item-audit-subject';
import { sessionMinutes } from './session-minutes';
import { stillAwaited } from './still-awaited-sql';
import { lockSeries } from './lock-series';

const SUBJECT = AGENDA_ITEM_AUDIT_SUBJECT;

const OPEN = [SessionStatus.Planned, SessionStatus.AgendaSent];
/** An item in these waits for an agenda: on a session or in the backlog. */
const WAITING = [AgendaItemStatus.Proposed, AgendaItemStatus.Scheduled, AgendaItemStatus.CarriedOver];

/** Agenda items proposed by hand, for a session or a series' backlog; leads manage them. */
@Injectable()
export class AgendaItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly mask: AgendaReferenceMask,
  ) {}

  async list(actor: Principal, query: AgendaItemQueryDto): Promise<Page<AgendaItemDto>> {
    const qb = this.dataSource.getRepository(AgendaItemEntity).createQueryBuilder('i');
    const organisationId = this.access.organisationScope(actor);
    if (organisationId) qb.andWhere('i.organisationId = :organisationId', { organisationId });
    if (query.seriesId) qb.andWhere('i.seriesId = :seriesId', { seriesId: query.seriesId });
    if (query.sessionId) qb.andWhere('i.sessionId = :sessionId', { sessionId: query.sessionId });
    if (query.backlog === true) qb.andWhere('i.sessionId IS NULL');
    if (query.backlog === false) qb.andWhere('i.sessionId IS NOT NULL');
    whereInList(qb, 'i.status', 'status', query.status);
    whereInList(qb, 'i.kind', 'kind', query.kind);
    qb.orderBy('i.seriesId', 'ASC')
      .addOrderBy('i.sessionId', 'ASC', 'NULLS FIRST')
      .addOrderBy('i.position', 'ASC', 'NULLS LAST')
      .addOrderBy('i.createdAt', 'ASC')
      .addOrderBy('i.id', 'ASC');
    const page = await paginate(qb, query, AgendaItemDto.from, { totalCap: TOTAL_CAP });
    return { ...page, items: await this.mask.apply(this.dataSource.manager, actor, page.items) };
  }

  async get(
    actor: Principal,
    id: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<AgendaItemDto> {
    const item = await m.getRepository(AgendaItemEntity).findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!item) throw DomainError.notFound('Agenda item', id);
    const [view] = await this.mask.apply(m, actor, [AgendaItemDto.from(item)]);
    return view;
  }

  async create(actor: Principal, dto: CreateAgendaItemDto): Promise<AgendaItemDto> {
    this.access.requireRole(actor, AccessRole.Lead);
    if (!dto.seriesId && !dto.sessionId)
      throw DomainError.invalid('seriesId', 'give seriesId (for the backlog) or sessionId');
    return this.dataSource.transaction(async (m) => {
      // The series first, as compiling and sending its agendas take it (see update).
      if (dto.sessionId) await lockSeriesOfSession(m, dto.sessionId);
      let seriesId = dto.seriesId;
      let organisationId: string;
      // What an item must fit in: its session, or for the backlog a session of the series.
      let minutes: number;
      if (dto.sessionId) {
        const session = await this.openSession(m, actor, dto.sessionId);
        if (seriesId && seriesId !== session.seriesId)
          throw DomainError.invalid('seriesId', 'is not the series of the session');
        seriesId = session.seriesId;
        organisationId = session.organisationId;
        minutes = sessionMinutes(session);
      } else {
        const series = await m.findOneBy(ReflectionSeriesEntity, {
          id: seriesId,
          ...this.access.scopeWhere(actor),
        });
        if (!series) throw DomainError.reference('seriesId', 'reflection series');
        organisationId = series.organisationId;
        minutes = series.durationMinutes;
      }
      const room = await this.roomFor(m, seriesId as string, dto.kind, minutes);
      // Ten minutes unless said otherwise, or all the room of a shorter session.
      const timeboxMinutes = dto.timeboxMinutes ?? Math.max(1, Math.min(10, room.minutes));
      requireFits(timeboxMinutes, room);
      if (dto.sessionId) await this.requireSentAgendaFits(m, dto.sessionId, null, timeboxMinutes);
      const { own, shown } = await this.titleFor(m, organisationId, dto);
      await this.requireNotWaiting(m, seriesId as string, dto.kind, dto.referenceId ?? null, null);
      const item = await m.save(
        m.create(AgendaItemEntity, {
          organisationId,
          seriesId: seriesId as string,
          sessionId: dto.sessionId ?? null,
          kind: dto.kind,
          referenceId: dto.referenceId ?? null,
          title: shown,
          ownTitle: own,
          timeboxMinutes,
          position: null,
          status: AgendaItemStatus.Proposed,
          learning: isLearningKind(dto.kind),
          origin: 'manual',
          carryOverCount: 0,
          carriedFromSessionId: null,
          createdById: actor.systemAdmin ? null : actor.personId,
        }),
      );
      await this.audit.created(m, actor, SUBJECT, organisationId, item);
      return AgendaItemDto.from(item);
    });
  }

  async update(actor: Principal, id: string, dto: UpdateAgendaItemDto): Promise<AgendaItemDto> {
    return this.dataSource.transaction(async (m) => {
      // On the transaction's own connection: a second one from the pool, taken by ten edits at
      // once, left all ten waiting for each other until the pool's timeout (503).
      const found = await this.get(actor, id, m);
      // The series first, as compiling and sending its agendas take it: two leads editing one sent
      // agenda take turns, so the check that it fits the session sees the other's change.
      await lockSeries(m, found.seriesId);
      // A new title is worked out next: it locks the item's reference before the item, in the
      // order a change of the reference takes them (leerlus_reference_agenda_titles).
      const title =
        dto.title === undefined
          ? undefined
          : await this.shownTitle(m, found.kind, found.referenceId, dto.title);
      const item = await lockForUpdate(
        m,
        AgendaItemEntity,
        id,
        dto.version,
        'Agenda item',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      if (item.status === AgendaItemStatus.Discussed)
        throw new DomainError(
          ErrorCode.Conflict,
          'This item was discussed in a held session; it can no longer change.',
        );
      // A held, cancelled or postponed session's agenda is its record.
      if (item.sessionId) await this.openSession(m, actor, item.sessionId);
      const before = { ...item };
      if (dto.sessionId !== undefined && dto.sessionId !== item.sessionId) {
        if (dto.sessionId !== null) {
          const session = await this.openSession(m, actor, dto.sessionId);
          if (session.seriesId !== item.seriesId)
            throw DomainError.invalid('sessionId', 'belongs to another series');
        }
        item.sessionId = dto.sessionId;
        item.position = null;
        if (item.status !== AgendaItemStatus.Dropped)
          item.status =
            item.carryOverCount > 0 && dto.sessionId === null
              ? AgendaItemStatus.CarriedOver
              : AgendaItemStatus.Proposed;
      }
      // Its own title is what the lead wrote, kept while the item shows a placeholder for it.
      const retitled = dto.title !== undefined && dto.title !== (await this.ownTitle(m, item.id));
      if (retitled) {
        item.ownTitle = dto.title;
        item.title = title as string;
      }
      // A new timebox, a session of another length, or back from dropped (the series' length or
      // share may have changed since): the item must fit where it is now.
      const timebox = dto.timeboxMinutes ?? item.timeboxMinutes;
      const back = dto.status === AgendaItemStatus.Proposed && before.status === AgendaItemStatus.Dropped;
      if (timebox !== before.timeboxMinutes || item.sessionId !== before.sessionId || back) {
        const minutes = await this.minutesOf(m, item);
        requireFits(timebox, await this.roomFor(m, item.seriesId, item.kind, minutes));
        item.timeboxMinutes = timebox;
      }
      // A compiled item a lead rewrote or timed is theirs: the next compilation keeps it as it is.
      if (retitled || item.timeboxMinutes !== before.timeboxMinutes) item.origin = 'manual';
      if (dto.status !== undefined && dto.status !== item.status) {
        item.status = dto.status;
        if (dto.status === AgendaItemStatus.Dropped) item.position = null;
      }
      // Back from dropped, or moved off a session no longer awaited: its subject may have been
      // picked again meanwhile (as create allows once this item stopped waiting).
      if (
        WAITING.includes(item.status) &&
        (!WAITING.includes(before.status) || item.sessionId !== before.sessionId)
      )
        await this.requireNotWaiting(m, item.seriesId, item.kind, item.referenceId, item.id);
      const onAgenda = [AgendaItemStatus.Proposed, AgendaItemStatus.Scheduled].includes(item.status);
      const grows =
        item.sessionId !== before.sessionId ||
        item.timeboxMinutes > before.timeboxMinutes ||
        (onAgenda && ![AgendaItemStatus.Proposed, AgendaItemStatus.Scheduled].includes(before.status));
      if (item.sessionId && onAgenda && grows)
        await this.requireSentAgendaFits(m, item.sessionId, item.id, item.timeboxMinutes);
      const saved = await m.save(item);
      await this.audit.updated(m, actor, SUBJECT, saved.organisationId, before, saved);
      if (before.sessionId && before.sessionId !== saved.sessionId) await this.revised(m, before.sessionId);
      return AgendaItemDto.from(saved);
    });
  }

  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const found = await this.get(actor, id, m);
      // The series first, as compiling and sending its agendas take it (then the session, then its items).
      await lockSeries(m, found.seriesId);
      const item = await lockForUpdate(
        m,
        AgendaItemEntity,
        id,
        undefined,
        'Agenda item',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      if (item.status === AgendaItemStatus.Discussed)
        throw new DomainError(
          ErrorCode.Conflict,
          'This item was discussed in a held session and stays in its record.',
        );
      if (item.sessionId) await this.openSession(m, actor, item.sessionId);
      await m.delete(AgendaItemEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, item.organisationId, item);
      if (item.sessionId) await this.revised(m, item.sessionId);
    });
  }

  /**
   * An item left a sent agenda: the session's event is revised (calendar feeds read its
   * LAST-MODIFIED from the session and the items still on it, and this one is not).
   */
  private async revised(m: EntityManager, sessionId: string): Promise<void> {
    await m.query(
      `UPDATE reflection_sessions SET updated_at = now() WHERE id = $1 AND status = 'agenda-sent'`,
      [sessionId],
    );
  }

  /**
   * A subject waits on the series' agenda once: on a session still open or in the backlog. A
   * second item for it would put it on one agenda twice (carried over and picked by hand). The
   * series is locked first, as the agenda's compilation does, so two picks take turns. The review
   * of overdue actions (action-review without an action) is one subject, as the compiler counts
   * it, whether compiled or made by hand; a custom item is its own. `itemId`: the item itself.
   */
  private async requireNotWaiting(
    m: EntityManager,
    seriesId: string,
    kind: AgendaItemKind,
    referenceId: string | null,
    itemId: string | null,
  ): Promise<void> {
    if (referenceId === null && kind !== AgendaItemKind.ActionReview) return;
    await lockSeries(m, seriesId);
    const [waiting]: { id: string }[] = await m.query(
      `SELECT i.id FROM agenda_items i JOIN reflection_series r ON r.id = i.series_id
       LEFT JOIN reflection_sessions s ON s.id = i.session_id
       WHERE i.series_id = $1 AND i.kind = $2 AND i.reference_id IS NOT DISTINCT FROM $3::uuid
         AND ($5::uuid IS NULL OR i.id <> $5::uuid)
         AND i.status IN ('proposed', 'scheduled', 'carried-over')
         AND (i.session_id IS NULL OR ${stillAwaited('s', 'r', '$4')})
       LIMIT 1`,
      [seriesId, kind, referenceId, this.clock.now(), itemId],
    );
    if (waiting)
      throw new DomainError(
        ErrorCode.Conflict,
        `This subject is on the series' agenda already (agenda item ${waiting.id}); move that item instead.`,
      );
  }

  /**
   * An agenda that went out is not compiled again by itself, so what is added to it by hand must
   * fit beside what is on it: its timeboxes never add up to more than the session (a planned
   * session's agenda is fitted when it is compiled; what does not fit is carried over). `itemId`:
   * the item being changed, counted as `minutes`.
   */
  private async requireSentAgendaFits(
    m: EntityManager,
    sessionId: string,
    itemId: string | null,
    minutes: number,
  ): Promise<void> {
    const session = await m.findOneByOrFail(ReflectionSessionEntity, { id: sessionId });
    if (session.status !== SessionStatus.AgendaSent) return;
    const [{ used }]: { used: number }[] = await m.query(
      `SELECT coalesce(sum(timebox_minutes), 0)::int AS used FROM agenda_items
       WHERE session_id = $1 AND status IN ('proposed', 'scheduled') AND ($2::uuid IS NULL OR id <> $2)`,
      [sessionId, itemId],
    );
    const length = sessionMinutes(session);
    if (used + minutes > length)
      throw new DomainError(
        ErrorCode.Conflict,
        `The agenda of this session would take ${used + minutes} of its ${length} minutes; ` +
          'shorten or drop another item first.',
        {
          invalidParams: [{ name: 'timeboxMinutes', reason: `leaves ${Math.max(0, length - used)} minutes` }],
        },
      );
  }

  /**
   * The time an item can have: its session's, and outside learning the time outside the series'
   * protected share, the only time the compiler gives it (a longer one was carried over for ever).
   */
  private async roomFor(
    m: EntityManager,
    seriesId: string,
    kind: AgendaItemKind,
    minutes: number,
  ): Promise<{ minutes: number; reason: string }> {
    const whole = { minutes, reason: `must fit the session (${minutes} minutes)` };
    if (isLearningKind(kind)) return whole;
    const series = await m.findOneByOrFail(ReflectionSeriesEntity, { id: seriesId });
    const room = agendaItemRoom(kind, minutes, series.protectedShare);
    if (room >= minutes) return whole;
    return {
      minutes: room,
      reason: `must fit the time outside the share kept for learning (${room} of the session's ${minutes} minutes)`,
    };
  }

  /** The minutes an item must fit in: its session's, or in the backlog a session of its series'. */
  private async minutesOf(m: EntityManager, item: AgendaItemEntity): Promise<number> {
    const session = item.sessionId
      ? await m.findOneBy(ReflectionSessionEntity, { id: item.sessionId })
      : null;
    if (session) return sessionMinutes(session);
    const series = await m.findOneByOrFail(ReflectionSeriesEntity, { id: item.seriesId });
    return series.durationMinutes;
  }

  /** A session of the caller's organisation whose agenda can still change (422 or 409 otherwise). */
  private async openSession(
    m: EntityManager,
    actor: Principal,
    id: string,
  ): Promise<ReflectionSessionEntity> {
    const session = await m.findOneBy(ReflectionSessionEntity, { id, ...this.access.scopeWhere(actor) });
    if (!session) throw DomainError.reference('sessionId', 'reflection session');
    if (!OPEN.includes(session.status))
      throw new DomainError(
        ErrorCode.Conflict,
        `The agenda of a ${session.status} session can no longer change.`,
      );
    return session;
  }

  /**
   * Checks the reference and gives the item's own title (the given one, or the reference's) and
   * the title it shows.
   */
  private async titleFor(
    m: EntityManager,
    organisationId: string,
    dto: CreateAgendaItemDto,
  ): Promise<{ own: string; shown: string }> {
    const unmasked = (title: string) => ({ own: title, shown: title });
    if (dto.kind === AgendaItemKind.Custom) {
      if (dto.referenceId) throw DomainError.invalid('referenceId', 'a custom item refers to nothing');
      if (!dto.title) throw DomainError.invalid('title', 'is required for a custom item');
      return unmasked(dto.title);
    }
    if (!dto.referenceId) {
      if (dto.kind === AgendaItemKind.ActionReview) return unmasked(dto.title ?? 'Verlopen acties bespreken');
      throw DomainError.invalid('referenceId', `is required for a ${dto.kind} item`);
    }
    const reference = AGENDA_ITEM_REFERENCES[dto.kind];
    // KEY SHARE until the item commits: a delete of the reference waits for it (and then takes the
    // item along, or refuses, as for a theme on an agenda), or went first and the item is refused.
    const rows: { title: string }[] = await m.query(
      `SELECT coalesce($3, ${reference.title}) AS title FROM ${reference.table}
       WHERE id = $1 AND organisation_id = $2 FOR KEY SHARE`,
      [dto.referenceId, organisationId, dto.title ?? null],
    );
    if (rows.length === 0) throw DomainError.reference('referenceId', reference.what);
    const own = agendaTitle(rows[0].title);
    return { own, shown: await this.shownTitle(m, dto.kind, dto.referenceId, own) };
  }

  /** The own title of an item (AgendaItemEntity.ownTitle), which is never read with it. */
  private async ownTitle(m: EntityManager, id: string): Promise<string> {
    const [row]: { own_title: string }[] = await m.query(`SELECT own_title FROM agenda_items WHERE id = $1`, [
      id,
    ]);
    return row.own_title;
  }

  /** The title an item about this reference shows: a placeholder while the reference is confidential. */
  private async shownTitle(
    m: EntityManager,
    kind: AgendaItemKind,
    referenceId: string | null,
    title: string,
  ): Promise<string> {
    if (referenceId === null) return title;
    const [row]: { title: string }[] = await m.query(
      `SELECT leerlus_agenda_item_title($1, $2, $3) AS title`,
      [kind, referenceId, title],
    );
    return row.title;
  }
}

function requireFits(timeboxMinutes: number, room: { minutes: number; reason: string }): void {
  if (timeboxMinutes > room.minutes) throw DomainError.invalid('timeboxMinutes', room.reason);
}
