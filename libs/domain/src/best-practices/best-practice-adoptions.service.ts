import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { TeamEntity } from '../governance/team.entity';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { PageQueryDto } from '../shared/page-query.dto';
import { paginate } from '../shared/paginate';
import { BestPracticeAdoptionEntity } from './best-practice-adoption.entity';
import { BestPracticeEntity } from './best-practice.entity';
import { BestPracticeStatus } from './best-practice-status';
import { BestPracticesService } from './best-practices.service';
import { BestPracticeAdoptionDto } from './dto/best-practice-adoption.dto';
import { CreateBestPracticeAdoptionDto } from './dto/create-best-practice-adoption.dto';
import { UpdateBestPracticeAdoptionDto } from './dto/update-best-practice-adoption.dto';
import { momentBy } from '../shared/moment-by';
import { applyPatch } from '../shared/apply-patch';
import { patchChanges } from '../shared/patch-changes';

const SUBJECT: AuditSubject = {
  type: 'best-practice-adoption',
  fields: ['bestPracticeId', 'teamId', 'adoptedAt', 'result'],
};

const ADOPTABLE = [BestPracticeStatus.Endorsed, BestPracticeStatus.Adopted];

/** Which team adopted a best practice, when, and with what result. Members record them. */
@Injectable()
export class BestPracticeAdoptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly practices: BestPracticesService,
    private readonly clock: Clock,
  ) {}

  async list(
    actor: Principal,
    bestPracticeId: string,
    paging: PageQueryDto,
  ): Promise<Page<BestPracticeAdoptionDto>> {
    await this.practices.find(actor, bestPracticeId);
    const qb = this.dataSource
      .getRepository(BestPracticeAdoptionEntity)
      .createQueryBuilder('a')
      .where('a.bestPracticeId = :bestPracticeId', { bestPracticeId })
      .orderBy('a.adoptedAt', 'DESC')
      .addOrderBy('a.id', 'ASC');
    return paginate(qb, paging, BestPracticeAdoptionDto.from);
  }

  async create(
    actor: Principal,
    bestPracticeId: string,
    dto: CreateBestPracticeAdoptionDto,
  ): Promise<BestPracticeAdoptionDto> {
    const adoptedAt = momentBy(new Date(dto.adoptedAt), this.clock.now(), 'adoptedAt');
    return this.dataSource.transaction(async (m) => {
      // Locked so that two first adoptions cannot both make it adopted.
      const practice = await this.lockPractice(m, actor, bestPracticeId);
      if (!ADOPTABLE.includes(practice.status)) {
        throw new DomainError(
          ErrorCode.Conflict,
          `A ${practice.status} best practice cannot be adopted; only an endorsed or adopted one can.`,
        );
      }
      // Proposed, endorsed, then adopted: an earlier adoption would make it adopted before it was
      // endorsed (and count it so in the quarterly report). Both are instants (timestamptz).
      if (practice.endorsedAt && adoptedAt < practice.endorsedAt)
        throw DomainError.invalid('adoptedAt', 'must not be before the best practice was endorsed');
      const { organisationId } = practice;
      if (!(await m.existsBy(TeamEntity, { id: dto.teamId, organisationId })))
        throw DomainError.reference('teamId', 'team');
      if (await m.existsBy(BestPracticeAdoptionEntity, { bestPracticeId, teamId: dto.teamId })) {
        throw new DomainError(ErrorCode.Conflict, 'This team already adopted this best practice.', {
          invalidParams: [{ name: 'teamId', reason: 'already adopted it' }],
        });
      }
      const adoption = await m.save(
        m.create(BestPracticeAdoptionEntity, {
          bestPracticeId,
          organisationId,
          teamId: dto.teamId,
          adoptedAt,
          result: dto.result ?? '',
          recordedById: actor.personId,
        }),
      );
      await this.audit.created(m, actor, SUBJECT, organisationId, adoption);
      await this.practices.markAdopted(m, actor, practice);
      return BestPracticeAdoptionDto.from(adoption);
    });
  }

  /**
   * Its result only (usually known later), by whoever recorded it or a lead, as for deleting it;
   * also once the best practice is retired: what came of adopting it can still be recorded. The
   * team and `adoptedAt` stay (the best practice's `adoptedAt` follows the earliest adoption).
   */
  async update(
    actor: Principal,
    bestPracticeId: string,
    id: string,
    dto: UpdateBestPracticeAdoptionDto,
  ): Promise<BestPracticeAdoptionDto> {
    return this.dataSource.transaction(async (m) => {
      // The best practice first, as recording and deleting an adoption lock it.
      const practice = await this.lockPractice(m, actor, bestPracticeId);
      const adoption = await lockForUpdate(
        m,
        BestPracticeAdoptionEntity,
        id,
        dto.version,
        'Adoption',
        { bestPracticeId },
        (found) => this.requireRecorderOrLead(actor, found),
        true,
      );
      // Nothing to change: no new version, no event.
      if (!patchChanges(adoption, dto)) return BestPracticeAdoptionDto.from(adoption);
      const before = { ...adoption };
      const saved = await m.save(applyPatch(adoption, dto));
      await this.audit.updated(m, actor, SUBJECT, practice.organisationId, before, saved);
      return BestPracticeAdoptionDto.from(saved);
    });
  }

  /**
   * For mistakes: whoever recorded it, or a lead. The best practice keeps its status; its
   * `adoptedAt` follows the earliest adoption left (BestPracticesService.adoptionRemoved).
   */
  async remove(actor: Principal, bestPracticeId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      // The best practice first, as recording an adoption locks it.
      const practice = await this.lockPractice(m, actor, bestPracticeId);
      const adoption = await lockForUpdate(
        m,
        BestPracticeAdoptionEntity,
        id,
        undefined,
        'Adoption',
        { bestPracticeId },
        (found) => this.requireRecorderOrLead(actor, found),
      );
      await m.delete(BestPracticeAdoptionEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, practice.organisationId, adoption);
      await this.practices.adoptionRemoved(m, actor, practice, adoption.adoptedAt);
    });
  }

  /** Who may change or delete an adoption: whoever recorded it, or a lead (403 otherwise). */
  private requireRecorderOrLead(actor: Principal, adoption: BestPracticeAdoptionEntity): void {
    if (adoption.recordedById !== actor.personId) this.access.requireRole(actor, AccessRole.Lead);
  }

  /** The best practice the caller may see, locked for the adoption's change (its status, its adoptedAt). */
  private lockPractice(m: EntityManager, actor: Principal, id: string): Promise<BestPracticeEntity> {
    return lockForUpdate(
      m,
      BestPracticeEntity,
      id,
      undefined,
      'Best practice',
      this.access.scopeWhere(actor),
    );
  }
}
