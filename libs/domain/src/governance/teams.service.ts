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
import { escapeLike } from '../shared/escape-like';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { CreateTeamDto } from './dto/create-team.dto';
import { TeamQueryDto } from './dto/team-query.dto';
import { TeamDto } from './dto/team.dto';
import { UpdateTeamDto } from './dto/update-team.dto';
import { OrganisationEntity } from './organisation.entity';
import { TeamEntity } from './team.entity';

const SUBJECT: AuditSubject = { type: 'team', fields: ['name', 'description'] };
/** A member's teams, as the person's own audit events record them. */
const MEMBERSHIP: AuditSubject = { type: 'person', fields: ['teamIds'] };

/** Teams of an organisation; everyone in it can read them, its admins manage them. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Principal, query: TeamQueryDto): Promise<Page<TeamDto>> {
    const qb = this.dataSource.getRepository(TeamEntity).createQueryBuilder('t');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('t.organisationId = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('t.organisationId = :requested', { requested: query.organisationId });
    if (query.name) qb.andWhere('t.name ILIKE :name', { name: `%${escapeLike(query.name)}%` });
    qb.orderBy(`t.name COLLATE ${DUTCH_COLLATION}`, 'ASC').addOrderBy('t.id', 'ASC');
    return paginate(qb, query, TeamDto.from);
  }

  async get(actor: Principal, id: string): Promise<TeamDto> {
    const team = await this.dataSource
      .getRepository(TeamEntity)
      .findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!team) throw DomainError.notFound('Team', id);
    return TeamDto.from(team);
  }

  async create(actor: Principal, dto: CreateTeamDto): Promise<TeamDto> {
    this.access.requireRole(actor, AccessRole.Admin);
    const organisationId = this.access.targetOrganisation(actor, dto.organisationId);
    return this.dataSource.transaction(async (m) => {
      if (!(await m.existsBy(OrganisationEntity, { id: organisationId }))) {
        throw DomainError.reference('organisationId', 'organisation');
      }
      const team = await m.save(
        m.create(TeamEntity, { organisationId, name: dto.name, description: dto.description ?? null }),
      );
      await this.audit.created(m, actor, SUBJECT, organisationId, team);
      return TeamDto.from(team);
    });
  }

  async update(actor: Principal, id: string, dto: UpdateTeamDto): Promise<TeamDto> {
    return this.dataSource.transaction(async (m) => {
      const team = await lockForUpdate(
        m,
        TeamEntity,
        id,
        dto.version,
        'Team',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Admin),
      );
      const before = { ...team };
      const saved = await m.save(applyPatch(team, dto));
      await this.audit.updated(m, actor, SUBJECT, team.organisationId, before, saved);
      return TeamDto.from(saved);
    });
  }

  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      // Its members first, in the order a change of a person takes theirs and then a team's (its
      // person_teams row): the team first would deadlock with someone joining it.
      await m.query(
        `SELECT id FROM people WHERE id IN (SELECT person_id FROM person_teams WHERE team_id = $1)
         ORDER BY id FOR UPDATE`,
        [id],
      );
      const team = await lockForUpdate(
        m,
        TeamEntity,
        id,
        undefined,
        'Team',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Admin),
      );
      // Its members leave it with the team: each person's audit shows it, and a new version (their
      // teams changed: a client holding the old one, or its ETag, is told so).
      const members: { id: string; teamIds: string[] }[] = await m.query(
        `SELECT pt.person_id AS id, array_agg(all_teams.team_id ORDER BY all_teams.team_id) AS "teamIds"
         FROM person_teams pt JOIN person_teams all_teams ON all_teams.person_id = pt.person_id
         WHERE pt.team_id = $1 GROUP BY pt.person_id`,
        [id],
      );
      await m.query(
        `UPDATE people SET version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`,
        [members.map((member) => member.id)],
      );
      await m.delete(TeamEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, team.organisationId, team);
      for (const member of members) {
        const after: { id: string } & Record<string, unknown> = {
          id: member.id,
          teamIds: member.teamIds.filter((teamId) => teamId !== id),
        };
        await this.audit.updated(m, actor, MEMBERSHIP, team.organisationId, member, after);
      }
    });
  }
}
