import { Injectable } from '@nestjs/common';
import { whereTagged } from '../shared/where-tagged';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { ChainEntity } from '../governance/chain.entity';
import { TeamEntity } from '../governance/team.entity';
import { LessonStatus } from '../lessons/lesson-status';
import { applyPatch } from '../shared/apply-patch';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { localDate } from '../shared/local-date';
import { lockForUpdate } from '../shared/lock-for-update';
import { lockIncidentAudience } from './lock-incident-audience';
import { newestMatchesSql } from '../shared/newest-matches-sql';
import { preparedQuery } from '../shared/prepared-query';
import { RenderedPage } from '../shared/rendered-page';
import { pastWindow } from '../shared/past-window';
import { rankOf } from '../shared/rank-of';
import { rankedWindowSql } from '../shared/ranked-window-sql';
import { searchRankSql } from '../shared/search-rank-sql';
import { SearchText, searchText } from '../shared/search-text';
import { SEARCH_WINDOW } from '../shared/search-window';
import { TOTAL_CAP } from '../shared/total-cap';
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
import { IncidentHeldElsewhere } from './incident-held-elsewhere';
import { INCIDENT_JSON } from './incident-json';
import { IncidentSort } from './incident-sort';
import { IncidentStatus } from './incident-status';
import { whereInList } from '../shared/where-in-list';
import { assertIncidentTransition } from './incident-transition';
import { periodBound } from './period-bound';
import { PublicAttention } from './public-attention';
import { Severity } from './severity';
import { SimilarIncidentsService } from './similar-incidents.service';
import { RecurrenceFlags } from './recurrence-flags.service';
import { INCIDENT_AUDIT_SUBJECT } from './incident-audit-subject';
import { momentBy } from '../shared/moment-by';
import { AgendaItemKind } from '../reflection/agenda-item-kind';
import { lockSessionsRenamedOn } from '../reflection/lock-sessions-renamed-on';

/** The earliest occurrence an incident takes: anything before 1900 is a typo. */
const EARLIEST_OCCURRENCE = new Date('1900-01-01T00:00:00Z');

const SORT_COLUMNS: Record<string, string> = {
  reportedAt: 'i.reported_at',
  occurredAt: 'i.occurred_at',
  title: 'lower(i.title)',
};
/** Sorts by an enumeration follow its rank (the enum's order, lowest first), not the alphabet. */
const RANKED_SORTS: Record<string, { column: string; values: string[] }> = {
  severity: { column: 'i.severity', values: Object.values(Severity) },
  publicAttention: { column: 'i.public_attention', values: Object.values(PublicAttention) },
  status: { column: 'i.status', values: Object.values(IncidentStatus) },
};
/**
 * A ranked sort reads each value's page through its own index range, offset included; past this
 * many rows, or with a search text (which every value would repeat), one sort by the rank costs
 * less (at a million incidents the two cost the same at an offset of about 100,000).
 */
const RANKED_BRANCH_ROWS = 50_000;

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
    private readonly recurrenceFlags: RecurrenceFlags,
    private readonly clock: Clock,
  ) {}

  /** A page of the incidents the caller may see, rendered as JSON (the lists' hot path). */
  async list(actor: Principal, query: IncidentQueryDto): Promise<RenderedPage> {
    const sort = query.sort ?? (query.q ? IncidentSort.Relevance : IncidentSort.ReportedAtDesc);
    if (!query.q) {
      if (sort === IncidentSort.Relevance)
        throw DomainError.invalid('sort', 'relevance needs a search text (q)');
      const m = this.dataSource.manager;
      return this.sorted(m, this.filtered(m, actor, query), query, sort, TOTAL_CAP);
    }
    // No transaction: a search reads, and each round trip saved is CPU saved on both sides.
    // (work_mem is 16 MB on every connection, see data-source-options.ts.)
    const m = this.dataSource.manager;
    const search = await searchText(m, query.q, 'incidents', sort === IncidentSort.Relevance);
    const qb = this.filtered(m, actor, query, search);
    return sort === IncidentSort.Relevance
      ? this.ranked(m, qb, query, search.wordIndex)
      : this.sorted(m, qb, query, sort, SEARCH_WINDOW);
  }

  /** The incidents the caller may see that match the query's filters and search text, on alias `i`. */
  private filtered(
    m: EntityManager,
    actor: Principal,
    query: IncidentQueryDto,
    search: SearchText | null = null,
  ): SelectQueryBuilder<IncidentEntity> {
    const qb = this.visible(m, actor);
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('i.organisation_id = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('i.organisation_id = :requested', { requested: query.organisationId });
    const equal = {
      chainId: 'chain_id',
      teamId: 'team_id',
      recurrence: 'recurrence',
    } as const;
    for (const [field, column] of Object.entries(equal)) {
      const value = query[field as keyof typeof equal];
      if (value !== undefined) qb.andWhere(`i.${column} = :${field}`, { [field]: value });
    }
    const oneOf = {
      status: 'status',
      severity: 'severity',
      publicAttention: 'public_attention',
      causeLevel: 'cause_level',
      source: 'source',
      confidentiality: 'confidentiality',
    } as const;
    for (const [field, column] of Object.entries(oneOf))
      whereInList(qb, `i.${column}`, field, query[field as keyof typeof oneOf]);
    whereTagged(qb, 'i.tags', query.tag);
    if (query.reportedFrom)
      qb.andWhere('i.reported_at >= :reportedFrom', {
        reportedFrom: periodBound(query.reportedFrom, 'from'),
      });
    if (query.reportedTo)
      qb.andWhere('i.reported_at < :reportedTo', { reportedTo: periodBound(query.reportedTo, 'to') });
    if (query.q)
      qb.andWhere('i.search @@ CAST(:search AS tsquery)', { search: search?.query, exact: search?.exact });
    return qb;
  }

  /** One page in a given order, with the total counted up to `cap`. */
  private async sorted(
    m: EntityManager,
    qb: SelectQueryBuilder<IncidentEntity>,
    query: IncidentQueryDto,
    sort: Exclude<IncidentSort, IncidentSort.Relevance>,
    cap: number,
  ): Promise<RenderedPage> {
    // The page and its bounded total in one round trip: the total is a subquery PostgreSQL runs once.
    const { items, total } = await this.rendered(
      m,
      qb,
      this.pageIds(qb, sort, (query.page - 1) * query.pageSize, query.pageSize, query),
      `(SELECT count(*)::int FROM (${upTo(qb, cap).getQuery()}) upto)`,
    );
    return page(items, query, total, cap);
  }

  /**
   * The SQL (on qb's parameters) of the ids of one page of `qb` in the order `sort`: the sort key,
   * then the newest, then the id. A ranked enumeration goes one value after the other, each value's
   * page through its own index range: ordering by the rank itself made PostgreSQL sort every
   * incident of the organisation for every page (0.27 s at 850,000; a member's 1.5 s).
   */
  private pageIds(
    qb: SelectQueryBuilder<IncidentEntity>,
    sort: Exclude<IncidentSort, IncidentSort.Relevance>,
    offset: number,
    limit: number,
    query?: IncidentQueryDto,
  ): string {
    const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
    const key = sort.replace(/^-/, '');
    const ranked = RANKED_SORTS[key];
    // Filtered on the sorted column, every row has the same rank: the date orders them.
    const filteredTo: readonly string[] | undefined =
      query?.[key as 'severity' | 'publicAttention' | 'status'];
    const sameRank = ranked && filteredTo?.length === 1;
    if (ranked && !sameRank && !query?.q && offset + limit <= RANKED_BRANCH_ROWS) {
      // Only the values filtered on, if any: the others' ranges hold nothing for this query.
      const values = ranked.values.filter((value) => !filteredTo || filteredTo.includes(value));
      return this.rankedPageIds(qb, { ...ranked, values }, direction, offset, limit);
    }
    const ordered = qb.clone().select('i.id');
    if (!ranked) ordered.orderBy(SORT_COLUMNS[key], direction);
    else if (!sameRank) ordered.orderBy(rankOf(ranked.column, ranked.values), direction);
    if (key !== 'reportedAt') ordered.addOrderBy('i.reported_at', 'DESC');
    return ordered.addOrderBy('i.id', 'ASC').offset(offset).limit(limit).getQuery();
  }

  /** The page's ids of a ranked sort: of each value its first offset + limit, in rank order. */
  private rankedPageIds(
    qb: SelectQueryBuilder<IncidentEntity>,
    ranked: { column: string; values: string[] },
    direction: 'ASC' | 'DESC',
    offset: number,
    limit: number,
  ): string {
    const values = direction === 'DESC' ? [...ranked.values].reverse() : ranked.values;
    const perValue = values.map((value, position) =>
      qb
        .clone()
        .select('i.id', 'id')
        .addSelect(String(position), 'position')
        .addSelect('i.reported_at', 'reported_at')
        .andWhere(`${ranked.column} = '${value}'`)
        .orderBy('i.reported_at', 'DESC')
        .addOrderBy('i.id', 'ASC')
        .limit(offset + limit)
        .getQuery(),
    );
    return `SELECT v.id FROM (${perValue.map((sql) => `(${sql})`).join(' UNION ALL ')}) v
      ORDER BY v.position, v.reported_at DESC, v.id OFFSET ${offset} LIMIT ${limit}`;
  }

  /**
   * The incidents whose ids `ids` (SQL on qb's parameters) selects, in its order, rendered as JSON,
   * with the value of `total` (SQL on qb's parameters) in the same round trip. The ids are picked
   * first and only those rows rendered: PostgreSQL builds the select list of every row an OFFSET
   * skips, too (at OFFSET 100,000 rendering made the query 1.5 s instead of 0.3 s).
   */
  private async rendered(
    m: EntityManager,
    qb: SelectQueryBuilder<IncidentEntity>,
    ids: string,
    total: string,
  ): Promise<{ items: string[]; total: number }> {
    const [sql, values] = m.connection.driver.escapeQueryWithParameters(
      `SELECT p.total, page.json
       FROM (SELECT ARRAY(${ids}) AS ids, ${total} AS total) p
       LEFT JOIN LATERAL (
         SELECT o.n, ${INCIDENT_JSON} AS json
         FROM unnest(p.ids) WITH ORDINALITY AS o (id, n) JOIN incidents i ON i.id = o.id) page ON TRUE
       ORDER BY page.n`,
      qb.getParameters(),
      {},
    );
    // An empty page is one row without an incident, to carry the total.
    const rows: { total: number; json: string | null }[] = await m.query(sql, values);
    return {
      items: rows.map((row) => row.json).filter((json) => json !== null),
      total: rows[0].total,
    };
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
    return { items: await this.similar.similarTo(m, actor, id, query) };
  }

  /**
   * No transaction: the recurrence check only reads, and one statement checks the chain and team
   * and writes the incident with its audit event (a chain or team removed in between fails its
   * foreign key: 422). A member's create takes two prepared statements instead of the six of a
   * transaction; on this machine every round trip costs the api and PostgreSQL a wake-up each,
   * most of the api's CPU for a create.
   */
  async create(actor: Principal, dto: CreateIncidentDto): Promise<CreatedIncidentDto> {
    const now = this.clock.now();
    const occurredAt = this.occurredAt(dto.occurredAt, now);
    const teamId = dto.teamId ?? null;
    // A system administrator's organisation is the chain's; anyone else's is their own.
    const organisationId =
      this.access.scopeWhere(actor).organisationId ?? (await this.chainOf(dto.chainId, null, teamId));
    const description = dto.description ?? '';
    // Compared before it is stored, so the flag goes in with the insert instead of an update after it.
    const draft = {
      organisationId,
      chainId: dto.chainId,
      confidential: dto.confidentiality === Confidentiality.Confidential,
      title: dto.title,
      description,
      reportedAt: now,
    };
    const similar = await this.similar.recurrences(this.dataSource, actor, draft, 10);
    const fields = {
      organisationId,
      chainId: dto.chainId,
      teamId,
      title: dto.title,
      description,
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
      recurrence: similar.length > 0,
      closedAt: null,
    };
    // Checked again in the insert, under a share lock on it: a hide under way (it has the row
    // locked, and finds only incidents written before it) is waited for, and what it wrote read.
    // So is, for a confidential one, the reporter's sight of it (ConfidentialityFilter's rule), under
    // share locks on what gives it: a role taken away or a lead made member under way is waited for,
    // and one that comes after finds this incident (RecurrenceFlags.redecideForReporter).
    const candidateSource = similar[0]?.id ?? null;
    // Inserts nothing unless the chain is the organisation's and the team, if any, too.
    const generated = await this.audit.insertCreated<
      Pick<IncidentEntity, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'recurrence' | 'recurrenceOf'>
    >(actor, INCIDENT_AUDIT_SUBJECT, organisationId, fields, {
      name: 'leerlus-incident-create',
      sql: `INSERT INTO incidents (organisation_id, chain_id, team_id, title, description, occurred_at, reported_at,
                reported_by_id, severity, public_attention, source, cause_level, tags, confidentiality, status, recurrence,
                recurrence_of)
              SELECT c.organisation_id, c.id, $3::uuid, $4::text, $5::text, $6::timestamptz, $7::timestamptz,
                $8::uuid, $9::text, $10::text, $11::text, $12::text, $13::text[], $14::text, $15::text,
                src.id IS NOT NULL, src.id
              FROM chains c
              LEFT JOIN LATERAL (
                SELECT s.id FROM incidents s
                WHERE s.id = $16::uuid AND (s.confidentiality = 'internal' OR ($14 = 'confidential' AND s.chain_id = $2
                  AND (s.reported_by_id = $8
                    OR EXISTS (SELECT 1 FROM people p
                               WHERE p.id = $8 AND p.access_role IN ('lead', 'admin') AND NOT p.system_admin FOR SHARE)
                    OR EXISTS (SELECT 1 FROM role_assignments ra
                               WHERE ra.person_id = $8 AND ra.chain_id = $2 AND ra.valid_from <= $17::date
                                 AND (ra.valid_to IS NULL OR ra.valid_to >= $17::date) FOR SHARE))))
                FOR SHARE
              ) src ON true
              WHERE c.id = $2::uuid AND c.organisation_id = $1::uuid
                AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM teams t WHERE t.id = $3 AND t.organisation_id = $1))
              RETURNING id, created_at AS "createdAt", updated_at AS "updatedAt", version, recurrence,
                recurrence_of AS "recurrenceOf"`,
      parameters: [
        fields.organisationId,
        fields.chainId,
        fields.teamId,
        fields.title,
        fields.description,
        fields.occurredAt,
        fields.reportedAt,
        fields.reportedById,
        fields.severity,
        fields.publicAttention,
        fields.source,
        fields.causeLevel,
        fields.tags,
        fields.confidentiality,
        fields.status,
        candidateSource,
        localDate(now),
      ],
    });
    if (!generated) {
      // Which reference is wrong: only now, on the way to the 422.
      await this.chainOf(dto.chainId, organisationId, teamId);
      throw DomainError.reference('chainId', 'chain');
    }
    const incident = Object.assign(new IncidentEntity(), fields, generated);
    if (incident.recurrence !== fields.recurrence) {
      // Hidden while this one was written (rare): decided again, and so audited; the answer names
      // only what its reporter may see now.
      await this.dataSource.transaction(async (m) => {
        await this.recurrenceFlags.decide(m, incident);
        await m.update(IncidentEntity, incident.id, {
          recurrence: incident.recurrence,
          recurrenceOf: incident.recurrenceOf,
        });
        await this.audit.updated(
          m,
          actor,
          INCIDENT_AUDIT_SUBJECT,
          organisationId,
          { ...fields, id: incident.id },
          incident,
        );
      });
      const visible = await this.similar.recurrences(
        this.dataSource,
        actor,
        { ...draft, id: incident.id },
        10,
      );
      return { ...IncidentDto.from(incident), lessons: [], actions: [], similarIncidents: visible };
    }
    return { ...IncidentDto.from(incident), lessons: [], actions: [], similarIncidents: similar };
  }

  /** The organisation of a chain (within `organisationId` if given) whose organisation has the team, if any; else 422. */
  private async chainOf(
    chainId: string,
    organisationId: string | null,
    teamId: string | null,
  ): Promise<string> {
    const [chain] = await preparedQuery<{ organisationId: string; teamFound: boolean }>(
      this.dataSource,
      'leerlus-incident-chain',
      `SELECT c.organisation_id AS "organisationId",
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM teams t
                                           WHERE t.id = $3 AND t.organisation_id = c.organisation_id)) AS "teamFound"
       FROM chains c WHERE c.id = $1 AND ($2::uuid IS NULL OR c.organisation_id = $2)`,
      [chainId, organisationId, teamId],
    );
    if (!chain) throw DomainError.reference('chainId', 'chain');
    if (!chain.teamFound) throw DomainError.reference('teamId', 'team');
    return chain.organisationId;
  }

  /**
   * Tried again when an incident that came to rest on this one after those resting on it were
   * locked is held by another change (IncidentHeldElsewhere): it is locked up front, in order, now.
   */
  async update(actor: Principal, id: string, dto: UpdateIncidentDto): Promise<IncidentDetailDto> {
    const also: string[] = [];
    for (;;) {
      try {
        return await this.dataSource.transaction((m) => this.updateOnce(m, actor, id, dto, also));
      } catch (error) {
        // Once locked up front it cannot be held elsewhere: no endless loop.
        if (
          !(error instanceof IncidentHeldElsewhere) ||
          error.incidentIds.every((held) => also.includes(held))
        )
          throw error;
        also.push(...error.incidentIds.filter((held) => !also.includes(held)));
      }
    }
  }

  private async updateOnce(
    m: EntityManager,
    actor: Principal,
    id: string,
    dto: UpdateIncidentDto,
    also: readonly string[],
  ): Promise<IncidentDetailDto> {
    const read = await this.find(m, actor, id);
    // A rename renames its items, their sessions read locked: those first, before its lessons
    // and itself, as a compilation takes its session before the lessons it retitles
    // (lockSessionsRenamedOn).
    if (dto.title !== undefined && dto.title !== read.title)
      await lockSessionsRenamedOn(m, AgendaItemKind.Incident, id);
    if (dto.confidentiality !== undefined || dto.chainId !== undefined)
      await this.lockAudienceChange(m, id, also);
    // FOR NO KEY UPDATE: a compilation of an agenda about it (KEY SHARE, its session held) goes
    // on; it waited for FOR UPDATE, and the rename of the items on that session waited for it.
    const incident = await lockForUpdate(
      m,
      IncidentEntity,
      id,
      dto.version,
      'Incident',
      {},
      (found) => this.requireWhoMaySeeChanger(actor, found, dto),
      true,
    );
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
    // Not after it was reported, as when it was: a later date would put it after its own report.
    if (occurredAt)
      incident.occurredAt = this.occurredAt(
        occurredAt,
        incident.reportedAt,
        'must not be after its report (reportedAt)',
      );
    if (status && status !== incident.status) await this.changeStatus(m, incident, status);
    // What it says or who may see it changed: decided again as at its report, with its reporter's
    // eyes, on the incidents its new audience may see (set as well as taken away).
    if (
      incident.title !== before.title ||
      incident.description !== before.description ||
      incident.confidentiality !== before.confidentiality ||
      incident.chainId !== before.chainId
    )
      await this.recurrenceFlags.decide(m, incident);
    const saved = await m.save(incident);
    await this.audit.updated(m, actor, INCIDENT_AUDIT_SUBJECT, incident.organisationId, before, saved);
    // Hidden from some who saw it, or shown again: what was flagged because of it, or lost its
    // flag when it was hidden, is decided again.
    if (incident.confidentiality !== before.confidentiality || incident.chainId !== before.chainId)
      await this.recurrenceFlags.redecideRestingOn(m, actor, incident.id);
    return this.detail(m, saved);
  }

  /**
   * What a change of an incident's confidentiality or chain changes, locked before the incident, in
   * the order the others who change those take them (the other order deadlocked with each):
   * - first, against what draws a lesson or action from it (lockIncidentAudience): one drawn after
   *   its lessons or actions were locked would not be among them;
   * - its lessons (their flag, or the chain of those on its old one, by triggers): a lesson's update
   *   locks its incident; FOR NO KEY UPDATE, as that update does, so that a compilation of an agenda
   *   about them (KEY SHARE, after their incident) goes on;
   * - their actions and its own (likewise): a person's new address, leaving or return locks theirs,
   *   then (with another access role) the incidents they reported, to decide their flags again;
   * - the incident with those whose flags rest on it, in id order (decided again in update, by
   *   RecurrenceFlags.redecideRestingOn), as a re-check of a reporter's flags takes them; with them
   *   `also`, those that came to rest on it while an earlier try held them (IncidentHeldElsewhere);
   * - the agenda items its triggers retitle, in id order, as a session's outcome takes them.
   */
  private async lockAudienceChange(m: EntityManager, id: string, also: readonly string[]): Promise<void> {
    await lockIncidentAudience(m, id, 'exclusive');
    await m.query(
      `SELECT 1 FROM lessons WHERE source_type = 'incident' AND source_id = $1 ORDER BY id FOR NO KEY UPDATE`,
      [id],
    );
    // Each source through actions_source_idx, as in detail(): an OR over both reads every action.
    await m.query(
      `SELECT 1
       FROM (SELECT 'incident' AS source_type, $1::uuid AS source_id
             UNION ALL
             SELECT 'lesson', l.id FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = $1) s
       JOIN actions a ON a.source_type = s.source_type AND a.source_id = s.source_id
       ORDER BY a.id FOR NO KEY UPDATE OF a`,
      [id],
    );
    await this.recurrenceFlags.lockWithRestingOn(m, id, also);
    // The agenda items its triggers retitle (about it, its lessons, their actions and its own), in id
    // order, as a session's outcome locks those on its agenda: retitled kind by kind, in statements of
    // their own, one about the incident later in id order than one about its lesson deadlocked with it.
    await m.query(
      `SELECT 1 FROM agenda_items i
       JOIN (SELECT 'incident' AS kind, $1::uuid AS id
             UNION ALL
             SELECT 'lesson', l.id FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = $1
             UNION ALL
             SELECT 'action-review', a.id
             FROM (SELECT 'incident' AS source_type, $1::uuid AS source_id
                   UNION ALL
                   SELECT 'lesson', l.id FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = $1) s
             JOIN actions a ON a.source_type = s.source_type AND a.source_id = s.source_id) r
         ON i.kind = r.kind AND i.reference_id = r.id
       ORDER BY i.id FOR UPDATE OF i`,
      [id],
    );
  }

  /**
   * Who may see an incident is changed by its reporter or a lead: its confidentiality, and the chain
   * of a confidential one (the chain's triangle sees it). A triangle seat alone would let a member
   * publish someone else's confidential report, or hide a colleague's.
   */
  private requireWhoMaySeeChanger(actor: Principal, incident: IncidentEntity, dto: UpdateIncidentDto): void {
    const reclassified =
      dto.confidentiality !== undefined && dto.confidentiality !== incident.confidentiality;
    const movedWhileConfidential =
      dto.chainId !== undefined &&
      dto.chainId !== incident.chainId &&
      (incident.confidentiality === Confidentiality.Confidential ||
        dto.confidentiality === Confidentiality.Confidential);
    if (!reclassified && !movedWhileConfidential) return;
    if (incident.reportedById === actor.personId || this.access.hasRole(actor, AccessRole.Lead)) return;
    throw new DomainError(
      ErrorCode.Forbidden,
      'Only the reporter or a lead changes who may see an incident: its confidentiality, or the chain of a confidential one.',
    );
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
            'Delete its draft lessons and open actions first, or close the incident instead.',
        );
      await m.delete(IncidentEntity, { id });
      await this.audit.deleted(m, actor, INCIDENT_AUDIT_SUBJECT, incident.organisationId, incident);
    });
  }

  /** Incidents the caller may see, as a query builder on alias `i`. */
  private visible(m: EntityManager, actor: Principal): SelectQueryBuilder<IncidentEntity> {
    const condition = this.confidentiality.incidents(actor, 'i');
    return m.getRepository(IncidentEntity).createQueryBuilder('i').where(condition.sql, condition.parameters);
  }

  /**
   * A search in order of relevance. Ranking every match of a common word means reading all of
   * them (a word in 10% of a million incidents: 0.7 s), so only the newest SEARCH_WINDOW matches
   * are ranked, by ts_rank (a word in the title weighs more than one in the description); pages
   * past them go on by date. One query finds that window, counts it, ranks it and renders the page.
   */
  private async ranked(
    m: EntityManager,
    qb: SelectQueryBuilder<IncidentEntity>,
    query: IncidentQueryDto,
    wordIndex: boolean,
  ): Promise<RenderedPage> {
    const [matches, parameters] = newestMatchesSql(
      qb
        .clone()
        .select('i.id', 'id')
        .addSelect('i.reported_at', 'newest')
        .addSelect(searchRankSql('i'), 'rank'),
      { id: 'i.id', newest: 'i.reported_at' },
      wordIndex,
    );
    const offset = (query.page - 1) * query.pageSize;
    const next = parameters.length + 1;
    // The count rides on every row, and on a row without an incident when the page is empty.
    const found: { n: number; id: string | null; json: string }[] = await m.query(
      `${rankedWindowSql(matches, next)}
       SELECT (SELECT count(*)::int FROM matches) AS n, shown.id, ${INCIDENT_JSON} AS json
       FROM (SELECT) one LEFT JOIN (shown JOIN incidents i ON i.id = shown.id) ON TRUE
       ORDER BY shown.rank DESC, shown.newest DESC, shown.id`,
      [...parameters, offset, query.pageSize],
    );
    const n = found[0].n;
    const items = found.filter((row) => row.id !== null).map((row) => row.json);
    const past = pastWindow(offset, query.pageSize, n);
    if (past) {
      const ids = this.pageIds(qb, IncidentSort.ReportedAtDesc, past.offset, past.limit);
      items.push(...(await this.rendered(m, qb, ids, 'NULL::int')).items);
    }
    return page(items, query, n, SEARCH_WINDOW);
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

  private occurredAt(value: string, latest: Date, reason?: string): Date {
    const occurredAt = momentBy(new Date(value), latest, 'occurredAt', reason);
    // Year 0001 and the like are typos; they sorted first in every list by occurrence.
    if (occurredAt.getTime() < EARLIEST_OCCURRENCE.getTime())
      throw DomainError.invalid('occurredAt', 'must not be before 1900');
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
    // Actions of the incident and of its lessons, each found through actions_source_idx (an OR
    // over both made PostgreSQL read every action).
    const actions: LinkedActionDto[] = await m.query(
      `SELECT a.id, a.description, a.status, to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate",
              a.assignee_id AS "assigneeId", a.source_type AS "sourceType", a.source_id AS "sourceId"
       FROM (SELECT 'incident' AS source_type, $1::uuid AS source_id
             UNION ALL
             SELECT 'lesson', l.id FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = $1) s
       JOIN actions a ON a.source_type = s.source_type AND a.source_id = s.source_id
       ORDER BY a.due_date, a.id`,
      [incident.id],
    );
    return { ...IncidentDto.from(incident), lessons, actions };
  }
}

/** The rows a query matches, no further than `cap` + 1 of them and in no order: what a bounded total counts. */
function upTo(qb: SelectQueryBuilder<IncidentEntity>, cap: number): SelectQueryBuilder<IncidentEntity> {
  return qb
    .clone()
    .select('1')
    .orderBy()
    .limit(cap + 1);
}

function page(items: string[], query: IncidentQueryDto, counted: number, cap: number): RenderedPage {
  return new RenderedPage(items, query.page, query.pageSize, Math.min(counted, cap), counted > cap);
}
