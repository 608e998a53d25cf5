import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { applyPatch } from '../shared/apply-patch';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { localDate } from '../shared/local-date';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { assessTriangleHealth } from './assess-triangle-health';
import { ChainsService } from './chains.service';
import { CreateRoleAssignmentDto } from './dto/create-role-assignment.dto';
import { RoleAssignmentQueryDto } from './dto/role-assignment-query.dto';
import { RoleAssignmentDto } from './dto/role-assignment.dto';
import { TriangleHealthDto } from './dto/triangle-health.dto';
import { UpdateRoleAssignmentDto } from './dto/update-role-assignment.dto';
import { PersonEntity } from './person.entity';
import { RoleAssignmentEntity } from './role-assignment.entity';

const SUBJECT: AuditSubject = {
  type: 'role-assignment',
  fields: ['chainId', 'personId', 'role', 'validFrom', 'validTo'],
};

/** Who holds which triangle role in a chain, over time; history is kept, roles end with validTo. */
@Injectable()
export class RoleAssignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly chains: ChainsService,
    private readonly clock: Clock,
  ) {}

  async list(
    actor: Principal,
    chainId: string,
    query: RoleAssignmentQueryDto,
  ): Promise<Page<RoleAssignmentDto>> {
    await this.chains.find(actor, chainId);
    const today = localDate(this.clock.now());
    const qb = this.dataSource
      .getRepository(RoleAssignmentEntity)
      .createQueryBuilder('a')
      .where('a.chainId = :chainId', { chainId });
    if (query.role) qb.andWhere('a.role = :role', { role: query.role });
    const current = 'a.validFrom <= :today AND (a.validTo IS NULL OR a.validTo >= :today)';
    if (query.current === true) qb.andWhere(current, { today });
    if (query.current === false) qb.andWhere(`NOT (${current})`, { today });
    qb.orderBy('a.role', 'ASC').addOrderBy('a.validFrom', 'DESC').addOrderBy('a.id', 'ASC');
    return paginate(qb, query, RoleAssignmentDto.from);
  }

  async create(actor: Principal, chainId: string, dto: CreateRoleAssignmentDto): Promise<RoleAssignmentDto> {
    const chain = await this.chains.find(actor, chainId);
    this.access.requireRole(actor, AccessRole.Admin);
    const validFrom = dto.validFrom ?? localDate(this.clock.now());
    const validTo = dto.validTo ?? null;
    requireOrderedPeriod(validFrom, validTo);
    return this.dataSource.transaction(async (m) => {
      const person = await m.findOneBy(PersonEntity, {
        id: dto.personId,
        organisationId: chain.organisationId,
      });
      if (!person) throw DomainError.reference('personId', 'person');
      const assignment = await m.save(
        m.create(RoleAssignmentEntity, {
          chainId,
          personId: dto.personId,
          role: dto.role,
          validFrom,
          validTo,
        }),
      );
      await this.audit.created(m, actor, SUBJECT, chain.organisationId, assignment);
      return RoleAssignmentDto.from(assignment);
    });
  }

  async update(
    actor: Principal,
    chainId: string,
    id: string,
    dto: UpdateRoleAssignmentDto,
  ): Promise<RoleAssignmentDto> {
    const chain = await this.chains.find(actor, chainId);
    this.access.requireRole(actor, AccessRole.Admin);
    return this.dataSource.transaction(async (m) => {
      const assignment = await lockForUpdate(m, RoleAssignmentEntity, id, dto.version, 'Role assignment', {
        chainId,
      });
      const before = { ...assignment };
      applyPatch(assignment, dto);
      requireOrderedPeriod(assignment.validFrom, assignment.validTo);
      const saved = await m.save(assignment);
      await this.audit.updated(m, actor, SUBJECT, chain.organisationId, before, saved);
      return RoleAssignmentDto.from(saved);
    });
  }

  /** For mistakes only: ending a role is done by setting validTo, which keeps the history. */
  async remove(actor: Principal, chainId: string, id: string): Promise<void> {
    const chain = await this.chains.find(actor, chainId);
    this.access.requireRole(actor, AccessRole.Admin);
    await this.dataSource.transaction(async (m) => {
      const assignment = await lockForUpdate(m, RoleAssignmentEntity, id, undefined, 'Role assignment', {
        chainId,
      });
      await m.delete(RoleAssignmentEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, chain.organisationId, assignment);
    });
  }

  async triangleHealth(actor: Principal, chainId: string, on?: string): Promise<TriangleHealthDto> {
    await this.chains.find(actor, chainId);
    const day = on ?? localDate(this.clock.now());
    const assignments = await this.dataSource.getRepository(RoleAssignmentEntity).findBy({ chainId });
    const health = assessTriangleHealth(assignments, day);
    const byId = new Map(assignments.map((a) => [a.id, a]));
    return {
      chainId,
      on: day,
      ...health,
      expiredAssignments: health.expiredAssignments.map((a) => RoleAssignmentDto.from(byId.get(a.id)!)),
    };
  }
}

function requireOrderedPeriod(validFrom: string, validTo: string | null): void {
  if (validTo !== null && validTo < validFrom)
    throw DomainError.invalid('validTo', 'must not be before validFrom');
}
