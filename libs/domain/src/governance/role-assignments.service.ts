import { Injectable } from '@nestjs/common';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { applyPatch } from '../shared/apply-patch';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { localDate } from '../shared/local-date';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { assessTriangleHealth } from './assess-triangle-health';
import { RecurrenceFlags } from '../incidents/recurrence-flags.service';
import { SessionScheduler } from '../reflection/session-scheduler.service';
import { ChainsService } from './chains.service';
import { CreateRoleAssignmentDto } from './dto/create-role-assignment.dto';
import { RoleAssignmentQueryDto } from './dto/role-assignment-query.dto';
import { RoleAssignmentDto } from './dto/role-assignment.dto';
import { TriangleHealthDto } from './dto/triangle-health.dto';
import { UpdateRoleAssignmentDto } from './dto/update-role-assignment.dto';
import { RoleAssignmentEntity } from './role-assignment.entity';
import { requireActivePeople } from './require-active-people';

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
    private readonly sessions: SessionScheduler,
    private readonly recurrenceFlags: RecurrenceFlags,
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
    whereInList(qb, 'a.role', 'role', query.role);
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
    requireDatesWithinReach(dto, localDate(this.clock.now()));
    requireOrderedPeriod(validFrom, validTo);
    // A term that ended before today is history, no new work: it may name someone who has left.
    const history = validTo !== null && validTo < localDate(this.clock.now()) ? [dto.personId] : [];
    return this.dataSource.transaction(async (m) => {
      await this.lockChain(m, chainId);
      const series = await this.sessions.chainSeries(m, chainId, this.clock.now());
      // The person after the chain's series, as a change of a role takes them: a change of the
      // person locks their series first (one of them this chain's), and the other order deadlocked.
      await requireActivePeople(m, chain.organisationId, [dto.personId], 'personId', history);
      await this.requireNoOverlap(m, chainId, {
        id: null,
        personId: dto.personId,
        role: dto.role,
        validFrom,
        validTo,
      });
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
      await this.sessions.triangleChanged(m, series, this.clock.now());
      await this.recurrenceFlags.redecideForReporter(m, actor, assignment.personId);
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
    requireDatesWithinReach(dto, localDate(this.clock.now()));
    return this.dataSource.transaction(async (m) => {
      await this.lockChain(m, chainId);
      const assignment = await lockForUpdate(m, RoleAssignmentEntity, id, dto.version, 'Role assignment', {
        chainId,
      });
      const before = { ...assignment };
      const series = await this.sessions.chainSeries(m, chainId, this.clock.now());
      applyPatch(assignment, dto);
      requireOrderedPeriod(assignment.validFrom, assignment.validTo);
      // Shortening a term is always allowed: it is how a double owner from before the rule ends.
      const within =
        assignment.role === before.role &&
        assignment.personId === before.personId &&
        assignment.validFrom >= before.validFrom &&
        (before.validTo === null || (assignment.validTo !== null && assignment.validTo <= before.validTo));
      if (!within) {
        // Lengthening, moving or handing over a term gives the role anew: only to someone active.
        await requireActivePeople(m, chain.organisationId, [assignment.personId], 'personId');
        await this.requireNoOverlap(m, chainId, assignment);
      }
      const saved = await m.save(assignment);
      await this.audit.updated(m, actor, SUBJECT, chain.organisationId, before, saved);
      await this.sessions.triangleChanged(m, series, this.clock.now());
      // A term shortened to the past (or handed to someone else) ends its holder's sight of the
      // chain's confidential incidents today; one lengthened or handed over gives it.
      for (const personId of new Set([before.personId, saved.personId]))
        await this.recurrenceFlags.redecideForReporter(m, actor, personId);
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
      const series = await this.sessions.chainSeries(m, chainId, this.clock.now());
      await m.delete(RoleAssignmentEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, chain.organisationId, assignment);
      await this.sessions.triangleChanged(m, series, this.clock.now());
      await this.recurrenceFlags.redecideForReporter(m, actor, assignment.personId);
    });
  }

  /**
   * A chain has one owner and one contractor at a time (several commissioners are allowed), and
   * nobody holds the same role twice over one period: 409 naming the assignment in the way. The
   * caller holds the chain (lockChain), so two admins adding an owner at once cannot both succeed.
   */
  private async requireNoOverlap(
    m: EntityManager,
    chainId: string,
    candidate: Pick<RoleAssignmentEntity, 'personId' | 'role' | 'validFrom' | 'validTo'> & {
      id: string | null;
    },
  ): Promise<void> {
    const [clash]: { id: string; person_id: string; valid_from: string; valid_to: string | null }[] =
      await m.query(
        `SELECT id, person_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to
       FROM role_assignments
       WHERE chain_id = $1 AND role = $2 AND ($3::uuid IS NULL OR id <> $3)
         AND (person_id = $4 OR $2 <> 'commissioner')
         AND valid_from <= coalesce($6::date, 'infinity') AND coalesce(valid_to, 'infinity') >= $5::date
       ORDER BY valid_from LIMIT 1`,
        [chainId, candidate.role, candidate.id, candidate.personId, candidate.validFrom, candidate.validTo],
      );
    if (!clash) return;
    const period = `${clash.valid_from} to ${clash.valid_to ?? 'open end'}`;
    throw new DomainError(
      ErrorCode.Conflict,
      clash.person_id === candidate.personId
        ? `This person is already ${candidate.role} of the chain over that period (${period}).`
        : `The chain has another ${candidate.role} over that period (${period}, assignment ${clash.id}); ` +
            'end that assignment first (validTo). Only commissioners may be several.',
    );
  }

  /**
   * Serialises the writers of a chain's triangle. NO KEY UPDATE: it does not hold up what merely
   * refers to the chain (an incident's report takes KEY SHARE on it).
   */
  private async lockChain(m: EntityManager, chainId: string): Promise<void> {
    await m.query(`SELECT 1 FROM chains WHERE id = $1 FOR NO KEY UPDATE`, [chainId]);
  }

  async triangleHealth(actor: Principal, chainId: string, on?: string): Promise<TriangleHealthDto> {
    await this.chains.find(actor, chainId);
    const today = localDate(this.clock.now());
    const day = on ?? today;
    const assignments = await this.dataSource.getRepository(RoleAssignmentEntity).findBy({ chainId });
    const leavers = await this.leaversAmong(assignments.map((a) => a.personId));
    // Who has left holds no role from today on; what they held on an earlier day stands.
    const facts = assignments.map((a) => ({ ...a, holderLeft: day >= today && leavers.has(a.personId) }));
    const health = assessTriangleHealth(facts, day);
    const byId = new Map(assignments.map((a) => [a.id, a]));
    const dto = (a: { id: string }) => RoleAssignmentDto.from(byId.get(a.id)!);
    return {
      chainId,
      on: day,
      ...health,
      expiredAssignments: health.expiredAssignments.map(dto),
      heldByLeavers: health.heldByLeavers.map(dto),
    };
  }
  /** Which of these people have left (active false). */
  private async leaversAmong(personIds: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM people WHERE id = ANY ($1::uuid[]) AND NOT active`,
      [personIds],
    );
    return new Set(rows.map((r) => r.id));
  }
}

/**
 * A term's dates from 1900 to ten years ahead: further is a typo that rewrites the triangle of
 * every quarter (0001-01-01), and a term without a known end leaves validTo out.
 */
function requireDatesWithinReach(
  dates: { validFrom?: string; validTo?: string | null },
  today: string,
): void {
  const latest = `${Number(today.slice(0, 4)) + 10}${today.slice(4)}`;
  for (const field of ['validFrom', 'validTo'] as const) {
    const date = dates[field];
    if (date && (date < '1900-01-01' || date > latest))
      throw DomainError.invalid(field, `must lie between 1900-01-01 and ${latest}`);
  }
}

function requireOrderedPeriod(validFrom: string, validTo: string | null): void {
  if (validTo !== null && validTo < validFrom)
    throw DomainError.invalid('validTo', 'must not be before validFrom');
}
