import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { ACTION_AUDIT_SUBJECT } from './action-audit-subject';
import { ConfidentialityFilter } from '../incidents/confidentiality-filter';
import { IncidentEntity } from '../incidents/incident.entity';
import { lockIncidentAudience } from '../incidents/lock-incident-audience';
import { AddressedRole } from '../lessons/addressed-role';
import { LessonEntity } from '../lessons/lesson.entity';
import { ReflectionSeriesEntity } from '../reflection/reflection-series.entity';
import { ReflectionSessionEntity } from '../reflection/reflection-session.entity';
import { requireSessionMeets } from '../reflection/require-session-meets';
import { applyPatch } from '../shared/apply-patch';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { localDate } from '../shared/local-date';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { TOTAL_CAP } from '../shared/total-cap';
import { patchChanges } from '../shared/patch-changes';
import { ActionEntity } from './action.entity';
import { ActionReminderPlanner } from './action-reminder-planner.service';
import { ActionSort } from './action-sort';
import { ActionSourceType } from './action-source-type';
import { ActionStatus } from './action-status';
import { nextActionStates } from './action-transitions';
import { ActionQueryDto } from './dto/action-query.dto';
import { ActionDto } from './dto/action.dto';
import { CreateActionDto } from './dto/create-action.dto';
import { UpdateActionDto } from './dto/update-action.dto';
import { requireActivePeople } from '../governance/require-active-people';

const SORTS: Record<ActionSort, [string, 'ASC' | 'DESC']> = {
  [ActionSort.DueDate]: ['a.dueDate', 'ASC'],
  [ActionSort.DueDateDesc]: ['a.dueDate', 'DESC'],
  [ActionSort.CreatedAt]: ['a.createdAt', 'ASC'],
  [ActionSort.CreatedAtDesc]: ['a.createdAt', 'DESC'],
  [ActionSort.UpdatedAt]: ['a.updatedAt', 'ASC'],
  [ActionSort.UpdatedAtDesc]: ['a.updatedAt', 'DESC'],
};

const OVERDUE = 'a.status = :open AND a.dueDate < :today';

interface ActionSource {
  organisationId: string;
  chainId: string | null;
  addressedRole: AddressedRole | null;
}

/**
 * Improvement actions (verbeteracties): the follow-up of a lesson, an incident or a reflection
 * session, with an assignee and a due date. Members of the organisation create and edit them;
 * reminders, overdue notices and escalations are planned in the outbox with every change.
 */
@Injectable()
export class ActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly reminders: ActionReminderPlanner,
    private readonly clock: Clock,
    private readonly visibility: ConfidentialityFilter,
  ) {}

  async list(actor: Principal, query: ActionQueryDto): Promise<Page<ActionDto>> {
    const today = this.today();
    const visible = this.visibility.actions(actor, 'a');
    const qb = this.dataSource
      .getRepository(ActionEntity)
      .createQueryBuilder('a')
      .where(visible.sql, visible.parameters);
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('a.organisationId = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('a.organisationId = :requested', { requested: query.organisationId });
    whereInList(qb, 'a.status', 'status', query.status);
    if (query.assigneeId) qb.andWhere('a.assigneeId = :assigneeId', { assigneeId: query.assigneeId });
    if (query.chainId) qb.andWhere('a.chainId = :chainId', { chainId: query.chainId });
    whereInList(qb, 'a.sourceType', 'sourceType', query.sourceType);
    if (query.sourceId) qb.andWhere('a.sourceId = :sourceId', { sourceId: query.sourceId });
    if (query.overdue !== undefined) {
      qb.andWhere(query.overdue ? OVERDUE : `NOT (${OVERDUE})`, { open: ActionStatus.Open, today });
    }
    if (query.dueFrom) qb.andWhere('a.dueDate >= :dueFrom', { dueFrom: query.dueFrom });
    if (query.dueTo) qb.andWhere('a.dueDate <= :dueTo', { dueTo: query.dueTo });
    const [column, direction] = SORTS[query.sort ?? ActionSort.DueDate];
    qb.orderBy(column, direction);
    // (TypeORM keys the order by its expression: a second createdAt would overwrite sort=-createdAt.)
    if (column !== 'a.createdAt') qb.addOrderBy('a.createdAt', 'ASC');
    qb.addOrderBy('a.id', 'ASC');
    return paginate(qb, query, (action) => ActionDto.from(action, today), { totalCap: TOTAL_CAP });
  }

  async get(actor: Principal, id: string): Promise<ActionDto> {
    return ActionDto.from(await this.find(actor, id), this.today());
  }

  /** The action if the caller may see it; not-found otherwise. */
  async find(
    actor: Principal,
    id: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<ActionEntity> {
    const visible = this.visibility.actions(actor, 'a');
    const action = await m
      .getRepository(ActionEntity)
      .createQueryBuilder('a')
      .where('a.id = :id', { id })
      .andWhere(visible.sql, visible.parameters)
      .getOne();
    if (!action) throw DomainError.notFound('Action', id);
    return action;
  }

  /**
   * The action locked for a change, if the caller may see it and `permit` lets them make it:
   * not-found, then forbidden, before any version check, so a stale version tells nothing about an
   * action the caller may not see or change.
   */
  private async lockVisible(
    m: EntityManager,
    actor: Principal,
    id: string,
    version: number | undefined,
    permit: (action: ActionEntity) => void | Promise<void>,
  ): Promise<ActionEntity> {
    await this.find(actor, id, m);
    return lockForUpdate(m, ActionEntity, id, version, 'Action', this.access.scopeWhere(actor), permit);
  }

  async create(actor: Principal, dto: CreateActionDto): Promise<ActionDto> {
    this.requirePlausibleDueDate(dto.dueDate);
    return this.dataSource.transaction(async (m) => {
      // Before its source is locked: a change of its incident's audience under way is waited for.
      if (dto.sourceType === ActionSourceType.Incident) await lockIncidentAudience(m, dto.sourceId, 'shared');
      const source = await this.resolveSource(m, actor, dto.sourceType, dto.sourceId);
      await this.requireAssignee(m, source.organisationId, dto.assigneeId);
      const action = await m.save(
        m.create(ActionEntity, {
          organisationId: source.organisationId,
          chainId: source.chainId,
          sourceType: dto.sourceType,
          sourceId: dto.sourceId,
          description: dto.description,
          assigneeId: dto.assigneeId,
          addressedRole: dto.addressedRole === undefined ? source.addressedRole : dto.addressedRole,
          dueDate: dto.dueDate,
          status: ActionStatus.Open,
          completedAt: null,
          cancelledAt: null,
          createdById: actor.personId,
        }),
      );
      // The database sets the chain from the source, holding it (migration 1764660000000): a source
      // moved to another chain since it was read gives the action the new one.
      [{ chainId: action.chainId }] = await m.query(
        `SELECT chain_id AS "chainId" FROM actions WHERE id = $1`,
        [action.id],
      );
      await this.audit.created(m, actor, ACTION_AUDIT_SUBJECT, action.organisationId, action);
      await this.reminders.planNew(m, action);
      return ActionDto.from(action, this.today());
    });
  }

  async update(actor: Principal, id: string, dto: UpdateActionDto): Promise<ActionDto> {
    return this.dataSource.transaction(async (m) => {
      const action = await this.lockVisible(m, actor, id, dto.version, async (found) => {
        if (dto.assigneeId !== undefined && dto.assigneeId !== found.assigneeId)
          await this.requireSeesSource(m, actor, id);
      });
      const before = { ...action };
      const { status, ...fields } = dto;
      if (status !== undefined && status !== action.status) this.transition(action, status);
      else if (action.status !== ActionStatus.Open && patchChanges(action, fields)) {
        throw new DomainError(ErrorCode.Conflict, `A ${action.status} action can no longer be changed.`);
      }
      if (fields.dueDate !== undefined && fields.dueDate !== action.dueDate)
        this.requirePlausibleDueDate(fields.dueDate);
      if (fields.assigneeId !== undefined && fields.assigneeId !== action.assigneeId)
        await this.requireAssignee(m, action.organisationId, fields.assigneeId);
      const saved = await m.save(applyPatch(action, fields));
      await this.audit.updated(m, actor, ACTION_AUDIT_SUBJECT, action.organisationId, before, saved);
      const redated = saved.dueDate !== before.dueDate;
      const rescheduled = redated || saved.assigneeId !== before.assigneeId;
      if (saved.status !== before.status || rescheduled)
        await this.reminders.replan(
          m,
          saved,
          undefined,
          { recipients: rescheduled, subscribers: redated },
          saved.status === before.status && !redated,
        );
      return ActionDto.from(saved, this.today());
    });
  }

  /**
   * For mistakes: whoever created it, or a lead. Its pending messages are cancelled. Only while open:
   * a done or cancelled action is part of the record (the quarter's figures count it).
   */
  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const action = await this.lockVisible(m, actor, id, undefined, (found) => {
        if (found.createdById !== actor.personId) this.access.requireRole(actor, AccessRole.Lead);
      });
      if (action.status !== ActionStatus.Open)
        throw new DomainError(
          ErrorCode.Conflict,
          `Only open actions can be deleted; this one is ${action.status} and stays on the record.`,
        );
      await m.delete(ActionEntity, { id });
      await this.audit.deleted(m, actor, ACTION_AUDIT_SUBJECT, action.organisationId, action);
      await this.reminders.cancel(m, id);
    });
  }

  /**
   * Its assignee sees an action on a confidential source they may not see themselves, to carry it
   * out; handing it to someone else (who would see it then) takes someone who may see the source.
   */
  private async requireSeesSource(m: EntityManager, actor: Principal, id: string): Promise<void> {
    const visible = this.visibility.actionsBySource(actor, 'a');
    const found = await m
      .createQueryBuilder()
      .select('1')
      .from('actions', 'a')
      .where('a.id = :id', { id })
      .andWhere(visible.sql, visible.parameters)
      .getRawOne();
    if (!found)
      throw new DomainError(
        ErrorCode.Forbidden,
        "This action follows up a confidential incident you may not see: its reporter, the chain's triangle or a lead hands it to someone else.",
      );
  }

  private transition(action: ActionEntity, to: ActionStatus): void {
    const allowed = nextActionStates(action.status);
    if (!allowed.includes(to)) {
      throw new DomainError(
        ErrorCode.InvalidTransition,
        `A ${action.status} action cannot become ${to}; allowed next states: ${allowed.join(', ') || 'none'}.`,
        { allowedNextStates: allowed },
      );
    }
    if (to === ActionStatus.Done) action.completedAt = this.clock.now();
    if (to === ActionStatus.Cancelled) action.cancelledAt = this.clock.now();
    action.status = to;
  }

  /**
   * The source in the caller's organisation, with what the action inherits from it; 422 otherwise.
   * Locked until the action is in, so a source being deleted (its delete counts the actions first)
   * either waits for the action and refuses, or has gone and the action is refused.
   * Incidents and lessons go through the confidentiality rule: nobody hangs an action on a
   * confidential incident they may not see (and learns nothing about its existence).
   */
  private async resolveSource(
    m: EntityManager,
    actor: Principal,
    type: ActionSourceType,
    id: string,
  ): Promise<ActionSource> {
    if (type === ActionSourceType.Lesson) {
      const visible = this.visibility.lessons(actor, 'l');
      const lesson = await m
        .getRepository(LessonEntity)
        .createQueryBuilder('l')
        .where('l.id = :id', { id })
        .andWhere(visible.sql, visible.parameters)
        .setLock('for_key_share')
        .getOne();
      if (lesson) return lesson;
    } else if (type === ActionSourceType.Incident) {
      const visible = this.visibility.incidents(actor, 'i');
      const incident = await m
        .getRepository(IncidentEntity)
        .createQueryBuilder('i')
        .where('i.id = :id', { id })
        .andWhere(visible.sql, visible.parameters)
        .setLock('for_key_share')
        .getOne();
      if (incident) return { ...incident, addressedRole: null };
    } else {
      const session = await m.findOne(ReflectionSessionEntity, {
        where: { id, ...this.access.scopeWhere(actor) },
        lock: { mode: 'for_key_share' },
      });
      if (session) {
        requireSessionMeets(session);
        const series = await m.findOneByOrFail(ReflectionSeriesEntity, { id: session.seriesId });
        return { organisationId: session.organisationId, chainId: series.chainId, addressedRole: null };
      }
    }
    throw DomainError.reference('sourceId', type.replace('-', ' '));
  }

  private async requireAssignee(m: EntityManager, organisationId: string, assigneeId: string): Promise<void> {
    await requireActivePeople(m, organisationId, [assigneeId], 'assigneeId');
  }

  private today(): string {
    return localDate(this.clock.now());
  }

  /**
   * A due date more than a year back is a typo (2016 for 2026, 0001): an action that late would be
   * escalated to the chain's owner the moment it is saved (ActionCatchUp).
   */
  private requirePlausibleDueDate(dueDate: string): void {
    const today = DateTime.fromISO(this.today());
    const earliest = today.minus({ years: 1 }).toISODate() as string;
    if (dueDate < earliest)
      throw DomainError.invalid('dueDate', `must not be more than a year ago (not before ${earliest})`);
    // Further is a typo, and its reminders would fall past the year 9999 that dates can write.
    const latest = today.plus({ years: 10 }).toISODate() as string;
    if (dueDate > latest)
      throw DomainError.invalid('dueDate', `must not be more than ten years ahead (not after ${latest})`);
  }
}
