import { Injectable } from '@nestjs/common';
import { whereTagged } from '../shared/where-tagged';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { ChainEntity } from '../governance/chain.entity';
import { TeamEntity } from '../governance/team.entity';
import { LessonEntity } from '../lessons/lesson.entity';
import { LessonSourceType } from '../lessons/lesson-source-type';
import { applyPatch } from '../shared/apply-patch';
import { requireFilledIn } from '../shared/require-filled-in';
import { Clock } from '../shared/clock';
import { BEST_PRACTICE_DETAIL_LIMIT } from './best-practice-detail-limit';
import { dutchSearchQuery } from '../shared/dutch-search-query';
import { searchRankSql } from '../shared/search-rank-sql';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { rankedSearchPage, SearchRanking } from '../shared/ranked-search-page';
import { orderBySort } from '../shared/order-by-sort';
import { rankOf } from '../shared/rank-of';
import { SEARCH_WINDOW } from '../shared/search-window';
import { TOTAL_CAP } from '../shared/total-cap';
import { whereCreatedIn } from '../shared/where-created-in';
import { patchChanges } from '../shared/patch-changes';
import { BestPracticeAdoptionEntity } from './best-practice-adoption.entity';
import { BestPracticeEntity } from './best-practice.entity';
import { BestPracticeSort } from './best-practice-sort';
import { BestPracticeStatus } from './best-practice-status';
import { nextBestPracticeStates } from './best-practice-transitions';
import { BestPracticeAdoptionDto } from './dto/best-practice-adoption.dto';
import { BestPracticeDetailDto } from './dto/best-practice-detail.dto';
import { BestPracticeLessonDto } from './dto/best-practice-lesson.dto';
import { BestPracticeQueryDto } from './dto/best-practice-query.dto';
import { BestPracticeDto } from './dto/best-practice.dto';
import { CreateBestPracticeDto } from './dto/create-best-practice.dto';
import { UpdateBestPracticeDto } from './dto/update-best-practice.dto';

const SUBJECT: AuditSubject = {
  type: 'best-practice',
  fields: [
    'title',
    'context',
    'practice',
    'evidence',
    'tags',
    'chainId',
    'teamId',
    'status',
    'proposedById',
    'endorsedAt',
    'endorsedById',
    'adoptedAt',
    'retiredAt',
  ],
};

const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'b.created_at',
  updatedAt: 'b.updated_at',
  title: 'lower(b.title)',
  status: rankOf('b.status', Object.values(BestPracticeStatus)),
};

/** A search ranks the newest matches by relevance (rankedSearchPage). */
const RANKING: SearchRanking = {
  rank: searchRankSql('b'),
  newest: 'b.created_at',
};

/** The text a best practice must have to be endorsed. */
const ENDORSED_TEXT = ['practice', 'evidence'] as const;

/**
 * The register of best practices (goede praktijken). Members propose and edit them and record
 * adoption; endorsing, and retiring what was endorsed, is for leads.
 */
@Injectable()
export class BestPracticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Principal, query: BestPracticeQueryDto): Promise<Page<BestPracticeDto>> {
    const qb = this.dataSource.getRepository(BestPracticeEntity).createQueryBuilder('b');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('b.organisationId = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('b.organisationId = :requested', { requested: query.organisationId });
    whereInList(qb, 'b.status', 'status', query.status);
    if (query.chainId) qb.andWhere('b.chainId = :chainId', { chainId: query.chainId });
    if (query.teamId) qb.andWhere('b.teamId = :teamId', { teamId: query.teamId });
    whereTagged(qb, 'b.tags', query.tag);
    whereCreatedIn(qb, 'b.created_at', query);
    const sort = query.sort ?? (query.q ? BestPracticeSort.Relevance : BestPracticeSort.CreatedAtDesc);
    if (query.q) {
      // `search` is a generated column (not mapped); the search query makes Dutch queries
      // match inflections and ignore accents, the same way for every register.
      const search = await dutchSearchQuery(this.dataSource.manager, query.q);
      qb.andWhere('b.search @@ CAST(:search AS tsquery)', { search: search.query, exact: search.exact });
      if (sort === BestPracticeSort.Relevance)
        return rankedSearchPage(qb, RANKING, query, BestPracticeDto.from);
    } else if (sort === BestPracticeSort.Relevance) {
      throw DomainError.invalid('sort', 'relevance needs a search text (q)');
    }
    orderBySort(qb, sort, SORT_COLUMNS);
    return paginate(qb, query, BestPracticeDto.from, { totalCap: query.q ? SEARCH_WINDOW : TOTAL_CAP });
  }

  async get(actor: Principal, id: string): Promise<BestPracticeDetailDto> {
    return this.detail(this.dataSource.manager, await this.find(actor, id));
  }

  /** The best practice with its lessons and adoptions: what its GET gives, and its PATCH answers. */
  private async detail(m: EntityManager, practice: BestPracticeEntity): Promise<BestPracticeDetailDto> {
    const [lessons, adoptions] = await Promise.all([
      m.getRepository(LessonEntity).find({
        where: { sourceType: LessonSourceType.BestPractice, sourceId: practice.id },
        order: { createdAt: 'ASC', id: 'ASC' },
        take: BEST_PRACTICE_DETAIL_LIMIT,
      }),
      m.getRepository(BestPracticeAdoptionEntity).find({
        where: { bestPracticeId: practice.id },
        order: { adoptedAt: 'DESC', id: 'ASC' },
        take: BEST_PRACTICE_DETAIL_LIMIT,
      }),
    ]);
    return {
      ...BestPracticeDto.from(practice),
      lessons: lessons.map(BestPracticeLessonDto.from),
      adoptions: adoptions.map(BestPracticeAdoptionDto.from),
    };
  }

  /** The best practice if the caller may see it; not-found otherwise. */
  async find(actor: Principal, id: string): Promise<BestPracticeEntity> {
    const practice = await this.dataSource
      .getRepository(BestPracticeEntity)
      .findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!practice) throw DomainError.notFound('Best practice', id);
    return practice;
  }

  async create(actor: Principal, dto: CreateBestPracticeDto): Promise<BestPracticeDto> {
    const organisationId = this.access.targetOrganisation(actor, dto.organisationId);
    return this.dataSource.transaction(async (m) => {
      await this.requireReferences(m, organisationId, dto.chainId, dto.teamId);
      const practice = await m.save(
        m.create(BestPracticeEntity, {
          organisationId,
          chainId: dto.chainId ?? null,
          teamId: dto.teamId ?? null,
          title: dto.title,
          context: dto.context ?? '',
          practice: dto.practice ?? '',
          evidence: dto.evidence ?? '',
          tags: dto.tags ?? [],
          status: BestPracticeStatus.Proposed,
          proposedById: actor.personId,
          endorsedAt: null,
          endorsedById: null,
          adoptedAt: null,
          retiredAt: null,
        }),
      );
      await this.audit.created(m, actor, SUBJECT, organisationId, practice);
      return BestPracticeDto.from(practice);
    });
  }

  async update(actor: Principal, id: string, dto: UpdateBestPracticeDto): Promise<BestPracticeDetailDto> {
    return this.dataSource.transaction(async (m) => {
      // Who may make it first (requireMayChange), the version after the rules on what may change:
      // a stale version tells a caller who may not make the change nothing, and a retry with the
      // right one gets the 403.
      const practice = await lockForUpdate(
        m,
        BestPracticeEntity,
        id,
        undefined,
        'Best practice',
        this.access.scopeWhere(actor),
        (found) => this.requireMayChange(actor, found, dto),
        // A compilation of an agenda about it (KEY SHARE, its session held) goes on: waiting for
        // FOR UPDATE, it deadlocked with the rename of the items on that session.
        true,
      );
      const before = { ...practice };
      const { status, version, ...fields } = dto;
      const changesContent = patchChanges(practice, fields);
      // The fields first, so endorsing in the same PATCH sees the text it is sent with.
      applyPatch(practice, fields);
      // What endorsing required stays filled in afterwards, also when retiring in the same PATCH.
      if (practice.status !== BestPracticeStatus.Proposed)
        requireFilledIn(
          practice,
          ENDORSED_TEXT.filter((field) => fields[field] !== undefined),
          'must stay filled in once the best practice is endorsed',
        );
      if (status !== undefined && status !== practice.status) this.transition(actor, practice, status);
      else if (practice.status === BestPracticeStatus.Retired && changesContent) {
        throw new DomainError(ErrorCode.Conflict, 'A retired best practice can no longer be changed.');
      }
      if (version !== before.version) throw DomainError.staleVersion('Best practice', before.version);
      await this.requireReferences(m, practice.organisationId, fields.chainId, fields.teamId);
      const saved = await m.save(practice);
      await this.audit.updated(m, actor, SUBJECT, practice.organisationId, before, saved);
      return this.detail(m, saved);
    });
  }

  /** Only a proposal can be deleted (a mistake); what was endorsed is retired instead, to keep the record. */
  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const practice = await lockForUpdate(
        m,
        BestPracticeEntity,
        id,
        undefined,
        'Best practice',
        this.access.scopeWhere(actor),
        (found) => {
          if (found.proposedById !== actor.personId) this.access.requireRole(actor, AccessRole.Lead);
        },
      );
      if (practice.status !== BestPracticeStatus.Proposed) {
        throw new DomainError(
          ErrorCode.Conflict,
          `Only a proposed best practice can be deleted; this one is ${practice.status}. Retire it instead.`,
        );
      }
      const lessons = await m.countBy(LessonEntity, {
        sourceType: LessonSourceType.BestPractice,
        sourceId: id,
      });
      if (lessons > 0) {
        throw new DomainError(
          ErrorCode.Conflict,
          `${lessons} lesson(s) were drawn from this best practice; retire it instead of deleting it.`,
        );
      }
      await m.delete(BestPracticeEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, practice.organisationId, practice);
    });
  }

  /**
   * Recording the first adoption of an endorsed best practice makes it adopted: adopted means at
   * least one team works this way. It is adopted since its earliest adoption (the quarterly report
   * counts it there): an adoption dated earlier moves `adoptedAt` back, and the first one after all
   * were deleted (which left the deleted one's date) sets it anew. Runs in the adoption's
   * transaction, on the locked row, after the adoption is stored.
   */
  async markAdopted(m: EntityManager, actor: Principal, practice: BestPracticeEntity): Promise<void> {
    if (![BestPracticeStatus.Endorsed, BestPracticeStatus.Adopted].includes(practice.status)) return;
    const [{ earliest }]: { earliest: Date | null }[] = await m.query(
      `SELECT min(adopted_at) AS earliest FROM best_practice_adoptions WHERE best_practice_id = $1`,
      [practice.id],
    );
    if (
      earliest === null ||
      (practice.status === BestPracticeStatus.Adopted && practice.adoptedAt?.getTime() === earliest.getTime())
    )
      return;
    const before = { ...practice };
    practice.status = BestPracticeStatus.Adopted;
    practice.adoptedAt = earliest;
    const saved = await m.save(practice);
    await this.audit.updated(m, actor, SUBJECT, practice.organisationId, before, saved);
  }

  /**
   * After an adoption was deleted: a best practice whose `adoptedAt` was that adoption's, adopted
   * or retired since, is adopted since its earliest remaining one (it keeps its status and date
   * when none remains). The quarterly report counts it by that date, whatever its status.
   */
  async adoptionRemoved(
    m: EntityManager,
    actor: Principal,
    practice: BestPracticeEntity,
    removedAdoptedAt: Date,
  ): Promise<void> {
    if (practice.adoptedAt?.getTime() !== removedAdoptedAt.getTime()) return;
    const [{ earliest }]: { earliest: Date | null }[] = await m.query(
      `SELECT min(adopted_at) AS earliest FROM best_practice_adoptions WHERE best_practice_id = $1`,
      [practice.id],
    );
    if (earliest === null || earliest.getTime() === removedAdoptedAt.getTime()) return;
    const before = { ...practice };
    practice.adoptedAt = earliest;
    const saved = await m.save(practice);
    await this.audit.updated(m, actor, SUBJECT, practice.organisationId, before, saved);
  }

  /**
   * Who may make a change (403 otherwise), before anything else is checked: endorsing, and retiring
   * what is not one's own proposal, take a lead; so does changing what a lead endorsed, which stays
   * as endorsed (as a validated lesson, only leads change it).
   */
  private requireMayChange(actor: Principal, practice: BestPracticeEntity, dto: UpdateBestPracticeDto): void {
    const { status, ...fields } = dto;
    const to = status !== undefined && status !== practice.status ? status : undefined;
    const ownProposal =
      practice.status === BestPracticeStatus.Proposed && practice.proposedById === actor.personId;
    if (
      to === BestPracticeStatus.Endorsed ||
      (to === BestPracticeStatus.Retired && !ownProposal) ||
      (practice.status !== BestPracticeStatus.Proposed && patchChanges(practice, fields))
    )
      this.access.requireRole(actor, AccessRole.Lead);
  }

  /** Applies a status change after checking the transition table (who may make it: requireMayChange). */
  private transition(actor: Principal, practice: BestPracticeEntity, to: BestPracticeStatus): void {
    // Adopted says which team adopted it, and when: that is an adoption, which makes it adopted.
    const allowed: BestPracticeStatus[] = nextBestPracticeStates(practice.status).filter(
      (s) => s !== BestPracticeStatus.Adopted,
    );
    if (to === BestPracticeStatus.Adopted && practice.status === BestPracticeStatus.Endorsed) {
      throw new DomainError(
        ErrorCode.InvalidTransition,
        'A best practice becomes adopted with its first adoption: record which team adopted it, and when, ' +
          `with POST /v1/best-practices/${practice.id}/adoptions.`,
        { allowedNextStates: allowed },
      );
    }
    if (!allowed.includes(to)) {
      throw new DomainError(
        ErrorCode.InvalidTransition,
        `A ${practice.status} best practice cannot become ${to}; allowed next states: ${allowed.join(', ') || 'none'}.`,
        { allowedNextStates: allowed },
      );
    }
    const now = this.clock.now();
    if (to === BestPracticeStatus.Endorsed) {
      // Endorsing vouches for the approach: it must say what it is and why we know it works.
      requireFilledIn(practice, ENDORSED_TEXT, 'must be filled in before endorsing');
      practice.endorsedAt = now;
      practice.endorsedById = actor.personId;
    } else if (to === BestPracticeStatus.Retired) {
      practice.retiredAt = now;
    }
    practice.status = to;
  }

  private async requireReferences(
    m: EntityManager,
    organisationId: string,
    chainId: string | null | undefined,
    teamId: string | null | undefined,
  ): Promise<void> {
    if (chainId && !(await m.existsBy(ChainEntity, { id: chainId, organisationId })))
      throw DomainError.reference('chainId', 'chain');
    if (teamId && !(await m.existsBy(TeamEntity, { id: teamId, organisationId })))
      throw DomainError.reference('teamId', 'team');
  }
}
