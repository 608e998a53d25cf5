import { Injectable } from '@nestjs/common';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { RecheckOutcome } from './recheck-outcome';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { ChainEntity } from '../governance/chain.entity';
import { ConfidentialityFilter } from '../incidents/confidentiality-filter';
import { LinkedActionDto } from '../incidents/dto/linked-action.dto';
import { SqlCondition } from '../incidents/sql-condition';
import { IncidentStatus } from '../incidents/incident-status';
import { lockIncidentAudience } from '../incidents/lock-incident-audience';
import { applyPatch } from '../shared/apply-patch';
import { AgendaItemKind } from '../reflection/agenda-item-kind';
import { lockSessionsRenamedOn } from '../reflection/lock-sessions-renamed-on';
import { requireSessionMeets } from '../reflection/require-session-meets';
import { requireFilledIn } from '../shared/require-filled-in';
import { unfilledFields } from '../shared/unfilled-fields';
import { Clock } from '../shared/clock';
import { patchChanges } from '../shared/patch-changes';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { PageQueryDto } from '../shared/page-query.dto';
import { paginate } from '../shared/paginate';
import { rankedSearchPage, SearchRanking } from '../shared/ranked-search-page';
import { RECENT_RECHECKS } from './recent-rechecks';
import { requireWithinTenYears } from '../shared/require-within-ten-years';
import { searchRankSql } from '../shared/search-rank-sql';
import { searchText } from '../shared/search-text';
import { SEARCH_WINDOW } from '../shared/search-window';
import { orderBySort } from '../shared/order-by-sort';
import { rankOf } from '../shared/rank-of';
import { TOTAL_CAP } from '../shared/total-cap';
import { whereCreatedIn } from '../shared/where-created-in';
import { CreateLessonRecheckDto } from './dto/create-lesson-recheck.dto';
import { CreateLessonDto } from './dto/create-lesson.dto';
import { LessonDetailDto } from './dto/lesson-detail.dto';
import { LessonQueryDto } from './dto/lesson-query.dto';
import { LessonRecheckDto } from './dto/lesson-recheck.dto';
import { LessonSourceDto } from './dto/lesson-source.dto';
import { LessonDto } from './dto/lesson.dto';
import { UpdateLessonDto } from './dto/update-lesson.dto';
import { LessonEntity } from './lesson.entity';
import { LESSON_AUDIT_SUBJECT } from './lesson-audit-subject';
import { LessonRecheckEntity } from './lesson-recheck.entity';
import { LessonSort } from './lesson-sort';
import { LessonSourceType } from './lesson-source-type';
import { LessonStatus } from './lesson-status';
import { assertLessonTransition } from './lesson-transition';
import { momentBy } from '../shared/moment-by';

const RECHECK: AuditSubject = {
  type: 'lesson-recheck',
  fields: ['lessonId', 'dueAt', 'checkedAt', 'outcome', 'note', 'checkedById', 'nextRecheckAt'],
};

/** Fields only a lead may set: they are the organisation's decisions about the lesson. */
const LEAD_FIELDS = ['status', 'response', 'responseReason', 'evidence', 'recheckAt'] as const;
/** An embedded lesson is checked for effect this long after embedding, unless the lead says otherwise. */
const DEFAULT_RECHECK_AFTER = { months: 6 };

/** A search ranks the newest matches by relevance (rankedSearchPage). */
const RANKING: SearchRanking = {
  rank: searchRankSql('l'),
  newest: 'l.created_at',
};
/** Sort keys whose column can be empty: those lessons come last either way. */
const NULLABLE_SORTS = new Set(['validatedAt', 'recheckAt']);
const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'l.created_at',
  validatedAt: 'l.validated_at',
  recheckAt: 'l.recheck_at',
  title: 'lower(l.title)',
  status: rankOf('l.status', Object.values(LessonStatus)),
};

interface ResolvedSource {
  organisationId: string;
  chainId: string | null;
  title: string;
}

/**
 * How a new lesson locks its source (alias x) while it reads the chain it defaults to, so that a
 * move of that chain waits for the lesson or the lesson for the move. An incident as the lesson's
 * triggers lock it later in the insert (a weaker lock first would let two lessons of one incident
 * deadlock, each waiting to strengthen it); a best practice against any change; a session only
 * against its deletion, as the chain is its series', locked apart (resolveSource).
 */
const SOURCE_LOCK: Record<LessonSourceType, string> = {
  [LessonSourceType.Incident]: 'FOR NO KEY UPDATE OF x',
  [LessonSourceType.BestPractice]: 'FOR SHARE OF x',
  [LessonSourceType.ReflectionSession]: 'FOR KEY SHARE OF x',
};

/** The text a lesson must have to be validated. */
const VALIDATED_TEXT = ['observation', 'insight', 'recommendation'] as const;

/**
 * Lessons drawn from incidents, best practices and reflection sessions. Members draw and edit
 * drafts; leads validate, embed and retire them and record whether they stuck. A lesson of a
 * confidential incident is as confidential as the incident (ConfidentialityFilter.lessons).
 */
@Injectable()
export class LessonsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly confidentiality: ConfidentialityFilter,
    private readonly clock: Clock,
  ) {}

  async list(actor: Principal, query: LessonQueryDto): Promise<Page<LessonDto>> {
    const qb = this.visible(this.dataSource.manager, actor);
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('l.organisation_id = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('l.organisation_id = :requested', { requested: query.organisationId });
    const equal = {
      chainId: 'chain_id',
      sourceId: 'source_id',
    } as const;
    for (const [field, column] of Object.entries(equal)) {
      const value = query[field as keyof typeof equal];
      if (value !== undefined) qb.andWhere(`l.${column} = :${field}`, { [field]: value });
    }
    whereInList(qb, 'l.status', 'status', query.status);
    whereInList(qb, 'l.addressed_role', 'addressedRole', query.addressedRole);
    whereInList(qb, 'l.source_type', 'sourceType', query.sourceType);
    whereCreatedIn(qb, 'l.created_at', query);
    const due = `l.status = '${LessonStatus.Embedded}' AND l.recheck_at <= :now`;
    if (query.recheckDue === true) qb.andWhere(due, { now: this.clock.now() });
    // IS NOT TRUE: an embedded lesson re-checked without a next re-check has none (NULL), and is not due.
    if (query.recheckDue === false) qb.andWhere(`(${due}) IS NOT TRUE`, { now: this.clock.now() });
    const sort = query.sort ?? (query.q ? LessonSort.Relevance : LessonSort.CreatedAtDesc);
    const search = query.q
      ? await searchText(this.dataSource.manager, query.q, 'lessons', sort === LessonSort.Relevance)
      : null;
    if (search)
      qb.andWhere('l.search @@ CAST(:search AS tsquery)', { search: search.query, exact: search.exact });
    if (sort === LessonSort.Relevance) {
      if (!search) throw DomainError.invalid('sort', 'relevance needs a search text (q)');
      return rankedSearchPage(qb, RANKING, query, LessonDto.from, search.wordIndex);
    }
    orderBySort(qb, sort, SORT_COLUMNS, NULLABLE_SORTS);
    return paginate(qb, query, LessonDto.from, { totalCap: query.q ? SEARCH_WINDOW : TOTAL_CAP });
  }

  async get(actor: Principal, id: string): Promise<LessonDetailDto> {
    const m = this.dataSource.manager;
    return this.detail(m, await this.find(m, actor, id));
  }

  /** The lesson if the caller may see it (organisation, and the confidentiality of its incident). */
  async find(m: EntityManager, actor: Principal, id: string): Promise<LessonEntity> {
    const lesson = await this.visible(m, actor).andWhere('l.id = :id', { id }).getOne();
    if (!lesson) throw DomainError.notFound('Lesson', id);
    return lesson;
  }

  async create(actor: Principal, dto: CreateLessonDto): Promise<LessonDetailDto> {
    return this.dataSource.transaction(async (m) => {
      // Before its incident is locked: a change of its audience under way is waited for.
      if (dto.sourceType === LessonSourceType.Incident) await lockIncidentAudience(m, dto.sourceId, 'shared');
      const source = await this.resolveSource(m, actor, dto.sourceType, dto.sourceId);
      if (!source) throw DomainError.reference('sourceId', dto.sourceType.replace('-', ' '));
      if (dto.sourceType === LessonSourceType.ReflectionSession) {
        const [session]: { status: string }[] = await m.query(
          `SELECT status FROM reflection_sessions WHERE id = $1`,
          [dto.sourceId],
        );
        requireSessionMeets(session);
      }
      let chainId = source.chainId;
      if (dto.chainId !== undefined) {
        chainId = dto.chainId;
        await this.requireChain(m, source.organisationId, chainId);
      }
      const lesson = await m.save(
        m.create(LessonEntity, {
          organisationId: source.organisationId,
          chainId,
          sourceType: dto.sourceType,
          sourceId: dto.sourceId,
          title: dto.title,
          observation: dto.observation ?? '',
          insight: dto.insight ?? '',
          recommendation: dto.recommendation ?? '',
          addressedRole: dto.addressedRole,
          status: LessonStatus.Draft,
          response: null,
          responseReason: null,
          evidence: null,
          drawnById: actor.personId,
          validatedAt: null,
          validatedById: null,
          embeddedAt: null,
          recheckAt: null,
          recheckedAt: null,
          retiredAt: null,
        }),
      );
      await this.audit.created(m, actor, LESSON_AUDIT_SUBJECT, lesson.organisationId, lesson);
      return this.detail(m, lesson, source);
    });
  }

  /** Members edit drafts; validating, embedding, retiring and anything past draft need a lead. */
  private requireLessonEditor(actor: Principal, lesson: LessonEntity, dto: UpdateLessonDto): void {
    if (this.access.hasRole(actor, AccessRole.Lead)) return;
    // (A status sent back unchanged changes nothing, so a member may send the draft as read.)
    const leadFields = LEAD_FIELDS.filter((field) => field !== 'status' || dto.status !== lesson.status);
    if (leadFields.some((field) => dto[field] !== undefined)) this.access.requireRole(actor, AccessRole.Lead);
    if (lesson.status !== LessonStatus.Draft)
      throw new DomainError(
        ErrorCode.Forbidden,
        `Only leads change a ${lesson.status} lesson; members edit drafts.`,
      );
  }

  async update(actor: Principal, id: string, dto: UpdateLessonDto): Promise<LessonDetailDto> {
    return this.dataSource.transaction(async (m) => {
      const read = await this.find(m, actor, id);
      // A rename renames its items, their sessions read locked: those first, as a compilation
      // takes its session before the lesson (lockSessionsRenamedOn).
      if (dto.title !== undefined && dto.title !== read.title)
        await lockSessionsRenamedOn(m, AgendaItemKind.Lesson, id);
      // FOR NO KEY UPDATE: a compilation of an agenda about it (KEY SHARE, its session held) goes
      // on; it waited for FOR UPDATE, and the rename of the items on that session waited for it.
      const lesson = await lockForUpdate(
        m,
        LessonEntity,
        id,
        dto.version,
        'Lesson',
        {},
        (found) => this.requireLessonEditor(actor, found, dto),
        true,
      );
      const before = { ...lesson };
      const { status, recheckAt, ...fields } = dto;
      const to = status ?? lesson.status;
      assertLessonTransition(lesson.status, to, lesson.response);
      if (lesson.status === LessonStatus.Retired && patchChanges(lesson, dto))
        throw new DomainError(
          ErrorCode.Conflict,
          'A retired lesson is kept as it was; it cannot be changed.',
        );
      if (dto.chainId !== undefined && dto.chainId !== lesson.chainId)
        await this.requireChain(m, lesson.organisationId, dto.chainId);
      // The response is the validation's: given then, and changed while validated, not after.
      if (to !== LessonStatus.Validated)
        for (const field of ['response', 'responseReason'] as const)
          if (dto[field] !== undefined)
            throw DomainError.invalid(field, 'is given when validating (status validated)');
      if (dto.evidence !== undefined && to !== LessonStatus.Embedded)
        throw DomainError.invalid('evidence', 'is given when embedding (status embedded)');
      if (recheckAt !== undefined && to !== LessonStatus.Embedded)
        throw DomainError.invalid('recheckAt', 'is set for an embedded lesson');
      applyPatch(lesson, fields);
      // What validating required stays filled in afterwards, also when retiring in the same PATCH.
      if (lesson.status !== LessonStatus.Draft)
        requireFilledIn(
          lesson,
          VALIDATED_TEXT.filter((field) => fields[field] !== undefined),
          'must stay filled in once the lesson is validated',
        );
      if (to !== lesson.status) this.changeStatus(actor, lesson, to);
      if (recheckAt !== undefined) lesson.recheckAt = this.recheckAt(recheckAt, lesson);
      const saved = await m.save(lesson);
      await this.audit.updated(m, actor, LESSON_AUDIT_SUBJECT, lesson.organisationId, before, saved);
      return this.detail(m, saved);
    });
  }

  /** Only drafts can be deleted: a validated lesson is part of the organisation's record; retire it. */
  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.find(m, actor, id);
      const lesson = await lockForUpdate(m, LessonEntity, id, undefined, 'Lesson', {}, (found) => {
        if (found.drawnById !== actor.personId) this.access.requireRole(actor, AccessRole.Lead);
      });
      if (lesson.status !== LessonStatus.Draft)
        throw new DomainError(
          ErrorCode.Conflict,
          `Only draft lessons can be deleted; this one is ${lesson.status}. Retire it instead.`,
        );
      await this.requireNotLastOfDrawnIncident(m, lesson);
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM actions WHERE source_type = 'lesson' AND source_id = $1`,
        [id],
      );
      if (n > 0)
        throw new DomainError(
          ErrorCode.Conflict,
          // An action cannot move to another source, and only an open one can be deleted.
          `This lesson has ${n} action(s): delete the open ones first. A done or cancelled action ` +
            'stays on the record, and so does the lesson it follows up.',
        );
      await m.delete(LessonEntity, { id });
      await this.audit.deleted(m, actor, LESSON_AUDIT_SUBJECT, lesson.organisationId, lesson);
    });
  }

  /**
   * An incident reaches lessons-drawn (and closed) only with a lesson drawn from it: its last one
   * is not deleted from under it (retiring it keeps the record, and the incident's history). The
   * incident is locked first, as its status change locks it before counting its lessons, so two
   * deletes, or a delete and that change, take turns and each counts what the other left. (The
   * lock is the one the lesson triggers take on it later in the transaction.)
   */
  private async requireNotLastOfDrawnIncident(m: EntityManager, lesson: LessonEntity): Promise<void> {
    if (lesson.sourceType !== LessonSourceType.Incident) return;
    const [locked] = await m.query(`SELECT status FROM incidents WHERE id = $1 FOR NO KEY UPDATE`, [
      lesson.sourceId,
    ]);
    if (!locked) return;
    // A statement of its own, after the lock: it sees what a delete it waited for left.
    const [{ drawn }] = await m.query(
      `SELECT count(*)::int AS drawn FROM lessons WHERE source_type = 'incident' AND source_id = $1 AND status <> $2`,
      [lesson.sourceId, LessonStatus.Retired],
    );
    if (drawn === 1 && [IncidentStatus.LessonsDrawn, IncidentStatus.Closed].includes(locked.status))
      throw new DomainError(
        ErrorCode.Conflict,
        `This is the only lesson (not retired) of an incident that is ${locked.status}; ` +
          'edit it instead, or draw another lesson first.',
      );
  }

  async listRechecks(actor: Principal, id: string, paging: PageQueryDto): Promise<Page<LessonRecheckDto>> {
    await this.find(this.dataSource.manager, actor, id);
    const qb = this.dataSource
      .getRepository(LessonRecheckEntity)
      .createQueryBuilder('r')
      .where('r.lessonId = :id', { id })
      .orderBy('r.checkedAt', 'DESC')
      .addOrderBy('r.id', 'ASC');
    return paginate(qb, paging, LessonRecheckDto.from);
  }

  /**
   * Records an effectiveness re-check of an embedded lesson (leads): the check is kept as history,
   * the lesson's recheckedAt becomes its date and recheckAt the next check: as given, or when it
   * was not (fully) effective six months from now (a check recorded late is not due at once).
   */
  async recheck(actor: Principal, id: string, dto: CreateLessonRecheckDto): Promise<LessonRecheckDto> {
    return this.dataSource.transaction(async (m) => {
      await this.find(m, actor, id);
      this.access.requireRole(actor, AccessRole.Lead);
      const lesson = await lockForUpdate(m, LessonEntity, id, undefined, 'Lesson');
      if (lesson.status !== LessonStatus.Embedded)
        throw new DomainError(
          ErrorCode.Conflict,
          `Only embedded lessons are re-checked for effect; this one is ${lesson.status}.`,
        );
      const now = this.clock.now();
      const checkedAt = dto.checkedAt ? momentBy(new Date(dto.checkedAt), now, 'checkedAt') : now;
      if (lesson.embeddedAt && checkedAt < lesson.embeddedAt)
        throw DomainError.invalid('checkedAt', 'must not be before the lesson was embedded');
      // The lesson shows the latest check; an older one recorded afterwards would rewrite that.
      if (lesson.recheckedAt && checkedAt < lesson.recheckedAt)
        throw DomainError.invalid('checkedAt', 'must not be before the last re-check');
      // A lesson that did not (fully) stick is checked again, six months on, unless the lead says
      // when (or null: not again); otherwise it fell off every agenda with nothing acting on it.
      const nextRecheckAt =
        dto.nextRecheckAt !== undefined
          ? dto.nextRecheckAt === null
            ? null
            : new Date(dto.nextRecheckAt)
          : dto.outcome === RecheckOutcome.Effective
            ? null
            : DateTime.fromJSDate(now, { zone: 'Europe/Amsterdam' }).plus(DEFAULT_RECHECK_AFTER).toJSDate();
      if (nextRecheckAt && nextRecheckAt <= checkedAt)
        throw DomainError.invalid('nextRecheckAt', 'must be after checkedAt');
      if (nextRecheckAt) requireWithinTenYears(nextRecheckAt, now, 'nextRecheckAt');
      const recheck = await m.save(
        m.create(LessonRecheckEntity, {
          lessonId: id,
          organisationId: lesson.organisationId,
          checkedAt,
          outcome: dto.outcome,
          note: dto.note ?? '',
          checkedById: actor.personId,
          dueAt: lesson.recheckAt,
          nextRecheckAt,
        }),
      );
      await this.audit.created(m, actor, RECHECK, lesson.organisationId, recheck);
      const before = { ...lesson };
      lesson.recheckedAt = checkedAt;
      lesson.recheckAt = nextRecheckAt;
      const saved = await m.save(lesson);
      await this.audit.updated(m, actor, LESSON_AUDIT_SUBJECT, lesson.organisationId, before, saved);
      return LessonRecheckDto.from(recheck);
    });
  }

  /** Lessons the caller may see, as a query builder on alias `l`. */
  private visible(m: EntityManager, actor: Principal): SelectQueryBuilder<LessonEntity> {
    const condition = this.confidentiality.lessons(actor, 'l');
    return m.getRepository(LessonEntity).createQueryBuilder('l').where(condition.sql, condition.parameters);
  }

  private changeStatus(actor: Principal, lesson: LessonEntity, to: LessonStatus): void {
    const now = this.clock.now();
    if (to === LessonStatus.Validated) {
      // Everything validating needs, named at once.
      const missing = [
        ...unfilledFields(lesson, VALIDATED_TEXT, 'must be filled in before validating'),
        ...unfilledFields(lesson, ['response', 'responseReason'], 'is required to validate a lesson'),
      ];
      if (missing.length > 0) throw DomainError.invalidParams(missing);
      lesson.validatedAt = now;
      lesson.validatedById = actor.personId;
    }
    if (to === LessonStatus.Embedded) {
      if (!lesson.evidence) throw DomainError.invalid('evidence', 'is required to embed a lesson');
      lesson.embeddedAt = now;
      lesson.recheckAt = DateTime.fromJSDate(now, { zone: 'Europe/Amsterdam' })
        .plus(DEFAULT_RECHECK_AFTER)
        .toJSDate();
    }
    if (to === LessonStatus.Retired) {
      lesson.retiredAt = now;
      // A retired lesson is not re-checked; a re-check that fell due before stays on the record.
      if (lesson.recheckAt && lesson.recheckAt > now) lesson.recheckAt = null;
    }
    lesson.status = to;
  }

  private recheckAt(value: string, lesson: LessonEntity): Date {
    const recheckAt = new Date(value);
    if (recheckAt <= (lesson.embeddedAt as Date))
      throw DomainError.invalid('recheckAt', 'must be after the lesson was embedded');
    // The agenda proposes a re-check only when it is planned after the last one.
    if (lesson.recheckedAt && recheckAt <= lesson.recheckedAt)
      throw DomainError.invalid('recheckAt', 'must be after the last re-check');
    requireWithinTenYears(recheckAt, this.clock.now(), 'recheckAt');
    return recheckAt;
  }

  private async requireChain(
    m: EntityManager,
    organisationId: string,
    chainId: string | null,
  ): Promise<void> {
    if (chainId && !(await m.existsBy(ChainEntity, { id: chainId, organisationId })))
      throw DomainError.reference('chainId', 'chain');
  }

  /**
   * The source if it exists and the caller may see it: an incident through the confidentiality
   * rule, a best practice or a reflection session in the caller's organisation. Its chain is the
   * lesson's default chain (a session's chain is its series' chain).
   */
  private async resolveSource(
    m: EntityManager,
    actor: Principal,
    type: LessonSourceType,
    id: string,
  ): Promise<ResolvedSource | null> {
    const scope: SqlCondition =
      type === LessonSourceType.Incident
        ? this.confidentiality.incidents(actor, 'x')
        : actor.systemAdmin
          ? { sql: 'TRUE', parameters: {} }
          : {
              sql: 'x.organisation_id = :organisationId',
              parameters: { organisationId: actor.organisationId },
            };
    // Locked until the lesson is in: a source deleted meanwhile (its delete counts the lessons
    // first) waits for it and then refuses, or has gone and the lesson is refused: never an orphan.
    // And a move of its chain (of a session's series) waits for the lesson and then takes it along
    // (migration 1765080000000), or the lesson waits for the move and reads the new chain: never
    // left behind on the old one. A session's series is locked first, as whatever changes a
    // session takes it before the session (lockSeriesOfSession).
    if (type === LessonSourceType.ReflectionSession)
      await m.query(
        `SELECT 1 FROM reflection_series WHERE id = (SELECT series_id FROM reflection_sessions WHERE id = $1)
         FOR SHARE`,
        [id],
      );
    return this.loadSource(m, type, id, scope, SOURCE_LOCK[type]);
  }

  private async loadSource(
    m: EntityManager,
    type: LessonSourceType,
    id: string,
    scope: SqlCondition,
    lock = '',
  ): Promise<ResolvedSource | null> {
    const sql = {
      [LessonSourceType.Incident]: `SELECT x.organisation_id AS "organisationId", x.chain_id AS "chainId", x.title
        FROM incidents x WHERE x.id = :id AND ${scope.sql}`,
      [LessonSourceType.BestPractice]: `SELECT x.organisation_id AS "organisationId", x.chain_id AS "chainId", x.title
        FROM best_practices x WHERE x.id = :id AND ${scope.sql}`,
      [LessonSourceType.ReflectionSession]: `SELECT x.organisation_id AS "organisationId", rs.chain_id AS "chainId",
          rs.title || ' (' || to_char(x.scheduled_at AT TIME ZONE rs.time_zone, 'YYYY-MM-DD') || ')' AS title
        FROM reflection_sessions x JOIN reflection_series rs ON rs.id = x.series_id
        WHERE x.id = :id AND ${scope.sql}`,
    }[type];
    const [query, values] = m.connection.driver.escapeQueryWithParameters(
      `${sql} ${lock}`,
      { ...scope.parameters, id },
      {},
    );
    const rows: ResolvedSource[] = await m.query(query, values);
    return rows[0] ?? null;
  }

  private async detail(
    m: EntityManager,
    lesson: LessonEntity,
    known?: ResolvedSource,
  ): Promise<LessonDetailDto> {
    // A visible lesson has a visible source (ConfidentialityFilter.lessons follows the incident),
    // so its title is loaded without scoping it again.
    const source =
      known ??
      (await this.loadSource(m, lesson.sourceType, lesson.sourceId, { sql: 'TRUE', parameters: {} }));
    const actions: LinkedActionDto[] = await m.query(
      `SELECT a.id, a.description, a.status, to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate",
              a.assignee_id AS "assigneeId", a.source_type AS "sourceType", a.source_id AS "sourceId"
       FROM actions a WHERE a.source_type = 'lesson' AND a.source_id = $1 ORDER BY a.due_date, a.id`,
      [lesson.id],
    );
    const rechecks = await m.find(LessonRecheckEntity, {
      where: { lessonId: lesson.id },
      order: { checkedAt: 'DESC', id: 'ASC' },
      take: RECENT_RECHECKS,
    });
    const sourceView: LessonSourceDto = {
      type: lesson.sourceType,
      id: lesson.sourceId,
      title: source?.title ?? '',
    };
    return {
      ...LessonDto.from(lesson),
      source: sourceView,
      actions,
      rechecks: rechecks.map(LessonRecheckDto.from),
    };
  }
}
