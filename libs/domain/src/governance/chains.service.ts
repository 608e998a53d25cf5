import { Injectable } from '@nestjs/common';
import { DUTCH_COLLATION } from '../shared/dutch-collation';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { applyPatch } from '../shared/apply-patch';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { escapeLike } from '../shared/escape-like';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { ChainEntity } from './chain.entity';
import { ChainQueryDto } from './dto/chain-query.dto';
import { ChainDto } from './dto/chain.dto';
import { CreateChainDto } from './dto/create-chain.dto';
import { UpdateChainDto } from './dto/update-chain.dto';
import { OrganisationEntity } from './organisation.entity';

const SUBJECT: AuditSubject = { type: 'chain', fields: ['name', 'description'] };

/** Policy-implementation chains of an organisation; its admins manage them. */
@Injectable()
export class ChainsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Principal, query: ChainQueryDto): Promise<Page<ChainDto>> {
    const qb = this.dataSource.getRepository(ChainEntity).createQueryBuilder('c');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('c.organisationId = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('c.organisationId = :requested', { requested: query.organisationId });
    if (query.name) qb.andWhere('c.name ILIKE :name', { name: `%${escapeLike(query.name)}%` });
    qb.orderBy(`c.name COLLATE ${DUTCH_COLLATION}`, 'ASC').addOrderBy('c.id', 'ASC');
    return paginate(qb, query, ChainDto.from);
  }

  async get(actor: Principal, id: string): Promise<ChainDto> {
    return ChainDto.from(await this.find(actor, id));
  }

  /** The chain if the caller may see it; not-found otherwise. */
  async find(actor: Principal, id: string): Promise<ChainEntity> {
    const chain = await this.dataSource
      .getRepository(ChainEntity)
      .findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!chain) throw DomainError.notFound('Chain', id);
    return chain;
  }

  async create(actor: Principal, dto: CreateChainDto): Promise<ChainDto> {
    this.access.requireRole(actor, AccessRole.Admin);
    const organisationId = this.access.targetOrganisation(actor, dto.organisationId);
    return this.dataSource.transaction(async (m) => {
      if (!(await m.existsBy(OrganisationEntity, { id: organisationId }))) {
        throw DomainError.reference('organisationId', 'organisation');
      }
      const chain = await m.save(
        m.create(ChainEntity, { organisationId, name: dto.name, description: dto.description ?? null }),
      );
      await this.audit.created(m, actor, SUBJECT, organisationId, chain);
      return ChainDto.from(chain);
    });
  }

  async update(actor: Principal, id: string, dto: UpdateChainDto): Promise<ChainDto> {
    return this.dataSource.transaction(async (m) => {
      const chain = await lockForUpdate(
        m,
        ChainEntity,
        id,
        dto.version,
        'Chain',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Admin),
      );
      const before = { ...chain };
      const saved = await m.save(applyPatch(chain, dto));
      await this.audit.updated(m, actor, SUBJECT, chain.organisationId, before, saved);
      return ChainDto.from(saved);
    });
  }

  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const chain = await lockForUpdate(
        m,
        ChainEntity,
        id,
        undefined,
        'Chain',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Admin),
      );
      // Its role assignments are the triangle's history: they would go without a trace.
      const [{ assignments }]: { assignments: number }[] = await m.query(
        `SELECT count(*)::int AS assignments FROM role_assignments WHERE chain_id = $1`,
        [id],
      );
      if (assignments > 0)
        throw new DomainError(
          ErrorCode.Conflict,
          `This chain has ${assignments} role assignment(s), the history of its triangle; ` +
            'delete those first if the chain was made by mistake.',
        );
      await m.delete(ChainEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, chain.organisationId, chain);
    });
  }
}
