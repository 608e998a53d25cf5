import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { ChainEntity } from '../governance/chain.entity';
import { TeamEntity } from '../governance/team.entity';
import { LessonStatus } from '../lessons/lesson-status';
import { applyPatch } from '../shared/apply-patch';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { ConfidentialityFilter } from './confidentiality-filter';
import { CreateIncidentDto } from './dto/create-incident.dto';
import { CreatedIncidentDto } from './dto/created-incident.dto';
import { IncidentDetailDto } from './dto/incident-detail.dto';
import { IncidentQueryDto } from './dto/incident-query.dto';
import { IncidentDto } from './dto/incident.dto';
import { LinkedActionDto } from './dto/linked-action.dto';
import { LinkedLessonDto } from './dto/linked-lesson.dto';
import { SimilarIncidentListDto } from './dto/similar-incident-list.dto';
import { SimilarIncidentQueryDto } from './dto/similar-incident-query.dto';
import { UpdateIncidentDto } from './dto/update-incident.dto';
import { Confidentiality } from './confidentiality';
import { IncidentEntity } from './incident.entity';
import { IncidentSort } from './incident-sort';
import { IncidentStatus } from './incident-status';
import { assertIncidentTransition } from './incident-transition';
import { periodBound } from './period-bound';
import { SimilarIncidentsService } from './similar-incidents.service';

const SUBJECT: AuditSubject = {
  type: 'incident',
  fields: [
    'chainId',
    'teamId',
    'title',
    'description',
    'occurredAt',
    'reportedAt',
    'reportedById',
    'severity',
    'publicAttention',
    'source',
    'causeLevel',
    'tags',
    'confidentiality',
    'status',
    'recurrence',
    'closedAt',
  ],
};

/** Clocks differ a little between a reporter's machine and ours; more than this is a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const rank = (column: string, values: string[]) =>
  `CASE ${column} ${values.map((v, n) => `WHEN '${v}' THEN ${n}`).join(' ')} END`;
const SORT_COLUMNS: Record<string, string> = {
  reportedAt: 'i.reported_at',
  occurredAt: 'i.occurred_at',
  severity: rank('i.severity', ['low', 'medium', 'high', 'critical']),
  publicAttention: rank('i.public_attention', ['none', 'local', 'national', 'parliamentary']),
  title: 'lower(i.title)',
  status: rank('i.status', ['reported', 'analysing', 'lessons-drawn', 'closed']),
};

/**
 * The incident register. Every read goes through the ConfidentialityFilter; members report and
 * edit, leads and admins may delete. A new incident is compared with earlier ones whose lessons
 * were validated or embedded, and flagged as a recurrence when it resembles one.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly confidentiality: ConfidentialityFilter,
    private readonly similar: SimilarIncidentsService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Principal, query: IncidentQueryDto): Promise<Page<IncidentDto>> {
    const qb = this.visible(this.dataSource.manager, actor);
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('i.organisation_id = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('i.organisation_id = :requested', { requested: query.organisationId });
    const equal = {
      chainId: 'chain_id',
      teamId: 'team_id',
      status: 'status',
      severity: 'severity',
      publicAttention: 'public_attention',
      causeLevel: 'cause_level',
      source: 'source',
      confidentiality: 'confidentiality',
      recurrence: 'recurrence',
    } as const;
    for (const [field, column] of Object.entries(equal)) {
      const value = query[field as keyof typeof equal];
      if (value !== undefined) qb.andWhere(`i.${column} = :${field}`, { [field]: value });
    }
    if (query.tag) qb.andWhere('i.tags @> ARRAY[:tag]::text[]', { tag: query.tag.trim().toLowerCase() });
    if (query.reportedFrom)
      qb.andWhere('i.reported_at >= :reportedFrom', {
        reportedFrom: periodBound(query.reportedFrom, 'from'),
      });
    if (query.reportedTo)
      qb.andWhere('i.reported_at < :reportedTo', { reportedTo: periodBound(query.reportedTo, 'to') });
    if (query.q) qb.andWhere('i.search @@ leerlus_search_query(:q)', { q: query.q });
    this.sort(qb, query);
    return paginate(qb, query, IncidentDto.from);
  }

  async get(actor: Principal, id: string): Promise<IncidentDetailDto> {
    const incident = await this.find(this.dataSource.manager, actor, id);
    return this.detail(this.dataSource.manager, incident);
  }

  /** The incident if the caller may see it (organisation and confidentiality); not-found otherwise. */
  async find(m: EntityManager, actor: Principal, id: string): Promise<IncidentEntity> {
    const incident = await this.visible(m, actor).andWhere('i.id = :id', { id }).getOne();
    if (!incident) throw DomainError.notFound('Incident', id);
    return incident;
  }

  async similarIncidents(
    actor: Principal,
    id: string,
    query: SimilarIncidentQueryDto,
  ): Promise<SimilarIncidentListDto> {
    const m = this.dataSource.manager;
    await this.find(m, actor, id);
    const result = await this.similar.find(m, actor, id, query);
    return { items: result.visible };
  }

  async create(actor: Principal, dto: CreateIncidentDto): Promise<CreatedIncidentDto> {
    const now = this.clock.now();
    const occurredAt = this.occurredAt(dto.occurredAt, now);
    return this.dataSource.transaction(async (m) => {
      const chain = await m.findOneBy(ChainEntity, { id: dto.chainId, ...this.access.scopeWhere(actor) });
      if (!chain) throw DomainError.reference('chainId', 'chain');
      const organisationId = chain.organisationId;
      const teamId = dto.teamId ?? null;
      await this.requireTeam(m, organisationId, teamId);
      const incident = await m.save(
        m.create(IncidentEntity, {
          organisationId,
          chainId: chain.id,
          teamId,
          title: dto.title,
          description: dto.description ?? '',
          occurredAt,
          reportedAt: now,
          reportedById: actor.personId,
          severity: dto.severity,
          publicAttention: dto.publicAttention,
          source: dto.source,
          causeLevel: dto.causeLevel ?? null,
          tags: dto.tags ?? [],
          confidentiality: dto.confidentiality ?? Confidentiality.Internal,
          status: IncidentStatus.Reported,
          recurrence: false,
          closedAt: null,
        }),
      );
      // The flag is a fact about the organisation's learning, so every earlier incident counts,
      // also one the reporter may not see; the list only names those they may see.
      const similar = await this.similar.find(m, actor, incident.id, { withLessonsOnly: true, limit: 10 });
      if (similar.anyMatch) {
        await m.update(IncidentEntity, { id: incident.id }, { recurrence: true, version: () => 'version' });
        incident.recurrence = true;
      }
      await this.audit.created(m, actor, SUBJECT, organisationId, incident);
      return { ...IncidentDto.from(incident), lessons: [], actions: [], similarIncidents: similar.visible };
    });
  }

  async update(actor: Principal, id: string, dto: UpdateIncidentDto): Promise<IncidentDetailDto> {
    return this.dataSource.transaction(async (m) => {
      await this.find(m, actor, id);
      const incident = await lockForUpdate(m, IncidentEntity, id, dto.version, 'Incident');
      const before = { ...incident };
      if (dto.chainId && dto.chainId !== incident.chainId) {
        const chain = await m.findOneBy(ChainEntity, {
          id: dto.chainId,
          organisationId: incident.organisationId,
        });
        if (!chain) throw DomainError.reference('chainId', 'chain');
      }
      if (dto.teamId) await this.requireTeam(m, incident.organisationId, dto.teamId);
      const { occurredAt, status, ...fields } = dto;
      applyPatch(incident, fields);
      if (occurredAt) incident.occurredAt = this.occurredAt(occurredAt, this.clock.now());
      if (status && status !== incident.status) await this.changeStatus(m, incident, status);
      const saved = await m.save(incident);
      await this.audit.updated(m, actor, SUBJECT, incident.organisationId, before, saved);
      return this.detail(m, saved);
    });
  }

  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.find(m, actor, id);
      this.access.requireRole(actor, AccessRole.Lead);
      const incident = await lockForUpdate(m, IncidentEntity, id, undefined, 'Incident');
      const [{ lessons, actions }] = await m.query(
        `SELECT (SELECT count(*)::int FROM lessons WHERE source_type = 'incident' AND source_id = $1) AS lessons,
                (SELECT count(*)::int FROM actions WHERE source_type = 'incident' AND source_id = $1) AS actions`,
        [id],
      );
      if (lessons > 0 || actions > 0)
        throw new DomainError(
          ErrorCode.Conflict,
          `This incident has ${lessons} lesson(s) and ${actions} action(s); the learning would be lost. ` +
            'Delete or move those first, or close the incident instead.',
        );
      await m.delete(IncidentEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, incident.organisationId, incident);
    });
  }

  /** Incidents the caller may see, as a query builder on alias `i`. */
  private visible(m: EntityManager, actor: Principal): SelectQueryBuilder<IncidentEntity> {
    const condition = this.confidentiality.incidents(actor, 'i');
    return m.getRepository(IncidentEntity).createQueryBuilder('i').where(condition.sql, condition.parameters);
  }

  private sort(qb: SelectQueryBuilder<IncidentEntity>, query: IncidentQueryDto): void {
    const sort = query.sort ?? (query.q ? IncidentSort.Relevance : IncidentSort.ReportedAtDesc);
    if (sort === IncidentSort.Relevance) {
      if (!query.q) throw DomainError.invalid('sort', 'relevance needs a search text (q)');
      qb.orderBy('ts_rank(i.search, leerlus_search_query(:q))', 'DESC').addOrderBy('i.reported_at', 'DESC');
    } else {
      const descending = sort.startsWith('-');
      qb.orderBy(SORT_COLUMNS[sort.replace(/^-/, '')], descending ? 'DESC' : 'ASC');
      if (!sort.endsWith('reportedAt')) qb.addOrderBy('i.reported_at', 'DESC');
    }
    qb.addOrderBy('i.id', 'ASC');
  }

  private async changeStatus(m: EntityManager, incident: IncidentEntity, to: IncidentStatus): Promise<void> {
    assertIncidentTransition(incident.status, to);
    if (to === IncidentStatus.LessonsDrawn) {
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM lessons WHERE source_type = 'incident' AND source_id = $1 AND status <> $2`,
        [incident.id, LessonStatus.Retired],
      );
      if (n === 0)
        throw new DomainError(
          ErrorCode.Conflict,
          'An incident reaches lessons-drawn only when at least one lesson has been drawn from it; ' +
            'add a lesson (POST /v1/lessons with sourceType incident) first.',
        );
    }
    incident.status = to;
    incident.closedAt = to === IncidentStatus.Closed ? this.clock.now() : null;
  }

  private occurredAt(value: string, now: Date): Date {
    const occurredAt = new Date(value);
    if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      throw DomainError.invalid('occurredAt', 'must not be in the future');
    return occurredAt;
  }

  private async requireTeam(m: EntityManager, organisationId: string, teamId: string | null): Promise<void> {
    if (teamId && !(await m.existsBy(TeamEntity, { id: teamId, organisationId })))
      throw DomainError.reference('teamId', 'team');
  }

  private async detail(m: EntityManager, incident: IncidentEntity): Promise<IncidentDetailDto> {
    const lessons: LinkedLessonDto[] = await m.query(
      `SELECT id, title, status FROM lessons WHERE source_type = 'incident' AND source_id = $1
       ORDER BY created_at, id`,
      [incident.id],
    );
    const actions: LinkedActionDto[] = await m.query(
      `SELECT a.id, a.description, a.status, to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate",
              a.assignee_id AS "assigneeId", a.source_type AS "sourceType", a.source_id AS "sourceId"
       FROM actions a
       WHERE (a.source_type = 'incident' AND a.source_id = $1)
          OR (a.source_type = 'lesson' AND a.source_id IN
              (SELECT l.id FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = $1))
       ORDER BY a.due_date, a.id`,
      [incident.id],
    );
    return { ...IncidentDto.from(incident), lessons, actions };
  }
}
