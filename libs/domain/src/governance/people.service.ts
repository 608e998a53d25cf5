import { Injectable } from '@nestjs/common';
import { DUTCH_COLLATION } from '../shared/dutch-collation';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { CalendarFeedLinks } from '../calendar/calendar-feed-links.service';
import { RecurrenceFlags } from '../incidents/recurrence-flags.service';
import { applyPatch } from '../shared/apply-patch';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { escapeLike } from '../shared/escape-like';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginateThenLoad } from '../shared/paginate-then-load';
import { patchChanges } from '../shared/patch-changes';
import { ActionHeldElsewhere } from './action-held-elsewhere';
import { ApiTokenEntity } from './api-token.entity';
import { API_TOKEN_AUDIT_SUBJECT } from './api-token-audit-subject';
import { CreatePersonDto } from './dto/create-person.dto';
import { PersonQueryDto } from './dto/person-query.dto';
import { PersonDto } from './dto/person.dto';
import { UpdatePersonDto } from './dto/update-person.dto';
import { Locale } from './locale';
import { OrganisationEntity } from './organisation.entity';
import { PersonEntity } from './person.entity';
import { PersonMessages } from './person-messages.service';
import { SeriesHeldElsewhere } from './series-held-elsewhere';
import { SYSTEM_ADMIN_LOCK } from './system-admin-lock';
import { TeamEntity } from './team.entity';

const SUBJECT: AuditSubject = {
  type: 'person',
  fields: ['name', 'email', 'accessRole', 'locale', 'active', 'teamIds'],
};

/** What an earlier try of a change of a person found held elsewhere: locked up front by the next. */
interface LockedUpFront {
  series: string[];
  actions: string[];
}

function auditable(person: PersonEntity): { id: string } & Record<string, unknown> {
  return { ...person, teamIds: (person.teams ?? []).map((t) => t.id).sort() };
}

/** People of an organisation with their access role and teams; its admins manage them. */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly feedLinks: CalendarFeedLinks,
    private readonly messages: PersonMessages,
    private readonly recurrenceFlags: RecurrenceFlags,
  ) {}

  /**
   * The view of a person; the calendar feed URL only for the person themself and the admins of
   * their organisation. Not for the system administrator: the feed shows the organisation's
   * sessions and agendas, its own work.
   */
  private view(actor: Principal, person: PersonEntity): PersonDto {
    const dto = PersonDto.from(person);
    const ownAdmin = !actor.systemAdmin && this.access.hasRole(actor, AccessRole.Admin);
    if (actor.personId === person.id || ownAdmin)
      dto.calendarFeedUrl = this.feedLinks.url(person.id, person.calendarFeedVersion);
    return dto;
  }

  async list(actor: Principal, query: PersonQueryDto): Promise<Page<PersonDto>> {
    const qb = this.dataSource.getRepository(PersonEntity).createQueryBuilder('p');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('p.organisationId = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('p.organisationId = :requested', { requested: query.organisationId });
    whereInList(qb, 'p.accessRole', 'accessRole', query.accessRole);
    if (query.active !== undefined) qb.andWhere('p.active = :active', { active: query.active });
    if (query.teamId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM person_teams pt WHERE pt.person_id = p.id AND pt.team_id = :teamId)',
        {
          teamId: query.teamId,
        },
      );
    }
    if (query.name) {
      qb.andWhere('(p.name ILIKE :name OR p.email ILIKE :name)', { name: `%${escapeLike(query.name)}%` });
    }
    qb.orderBy(`p.name COLLATE ${DUTCH_COLLATION}`, 'ASC').addOrderBy('p.id', 'ASC');
    return paginateThenLoad(qb, query, { teams: true }, (person) => this.view(actor, person));
  }

  async get(actor: Principal, id: string): Promise<PersonDto> {
    return this.view(actor, await this.find(actor, id));
  }

  async find(actor: Principal, id: string): Promise<PersonEntity> {
    const person = await this.dataSource
      .getRepository(PersonEntity)
      .findOne({ where: { id, ...this.access.scopeWhere(actor) }, relations: { teams: true } });
    if (!person || (person.systemAdmin && !actor.systemAdmin)) throw DomainError.notFound('Person', id);
    return person;
  }

  async create(actor: Principal, dto: CreatePersonDto): Promise<PersonDto> {
    this.access.requireRole(actor, AccessRole.Admin);
    const organisationId = this.access.targetOrganisation(actor, dto.organisationId);
    return this.inTurn(async (m, also) => {
      if (!(await m.existsBy(OrganisationEntity, { id: organisationId }))) {
        throw DomainError.reference('organisationId', 'organisation');
      }
      // A new lead or admin stands in: the series asking one are planned again (standInsChanged).
      if (dto.accessRole !== AccessRole.Member)
        await this.messages.lockTheirSeries(m, { id: null, organisationId }, true, also.series);
      await this.requireEmailFree(m, organisationId, dto.email);
      const teams = await this.teamsOf(m, organisationId, dto.teamIds ?? []);
      const person = await m.save(
        m.create(PersonEntity, {
          organisationId,
          name: dto.name,
          email: dto.email,
          accessRole: dto.accessRole,
          locale: dto.locale ?? Locale.Nl,
          systemAdmin: false,
          teams,
        }),
      );
      if (person.accessRole !== AccessRole.Member) await this.messages.standInsChanged(m, organisationId);
      await this.audit.created(m, actor, SUBJECT, organisationId, auditable(person));
      return this.view(actor, person);
    });
  }

  async update(actor: Principal, id: string, dto: UpdatePersonDto): Promise<PersonDto> {
    return this.inTurn(async (m, also) => {
      // Leaving, coming back or another role plans their series (and leaving or coming back their
      // actions) again, and a new address moves what those plan for them: those first, as a change
      // of a series or action takes them (the person is looked up as the caller may see them,
      // nothing locked yet). A change of one under way, which read the old address, is in before
      // the messages are re-addressed, and one that follows reads the new address.
      const moving = dto.active !== undefined || dto.email !== undefined;
      if (moving || dto.accessRole !== undefined) {
        const target = await m.findOneBy(PersonEntity, { id, ...this.access.scopeWhere(actor) });
        // Every series asking a stand-in too when they may become one: another role, or coming back.
        const standIns = dto.accessRole !== undefined || dto.active !== undefined;
        if (target) await this.messages.lockTheirSeries(m, target, standIns, also.series);
        if (target && moving) await this.messages.lockTheirActions(m, target, also.actions);
      }
      await lockForUpdate(
        m,
        PersonEntity,
        id,
        dto.version,
        'Person',
        this.access.scopeWhere(actor),
        (found) => {
          if (found.systemAdmin && !actor.systemAdmin) throw DomainError.notFound('Person', id);
          this.access.requireRole(actor, AccessRole.Admin);
        },
        // Messages planned for them meanwhile (their recipient key checked) need not wait for
        // this: waiting for each other's message rows, the two would deadlock.
        true,
      );
      const person = await m.findOneOrFail(PersonEntity, { where: { id }, relations: { teams: true } });
      const before = auditable(person);
      // Nothing to change: no new version (a client holding this one would be told it is stale).
      if (!patchChanges(before, { ...dto, teamIds: dto.teamIds && [...dto.teamIds].sort() }))
        return this.view(actor, person);
      if (dto.email && dto.email.toLowerCase() !== person.email.toLowerCase())
        await this.requireEmailFree(m, person.organisationId, dto.email);
      const { teamIds, ...fields } = dto;
      applyPatch(person, fields);
      if (before.accessRole === AccessRole.Admin && person.accessRole !== AccessRole.Admin)
        await this.requireAnotherAdmin(m, person, 'take the admin role from');
      if (before.active && !person.active) await this.requireMayLeave(m, actor, person);
      if (before.accessRole !== AccessRole.Member && person.accessRole === AccessRole.Member)
        await this.requireChairsNothing(m, person);
      if (teamIds) person.teams = await this.teamsOf(m, person.organisationId, teamIds);
      person.updatedAt = new Date();
      const saved = await m.save(person);
      if (before.active && !saved.active) await this.messages.left(m, saved);
      if (!before.active && saved.active) await this.messages.returned(m, saved);
      if (saved.email !== before.email) await this.messages.readdressed(m, saved);
      if (saved.active && before.accessRole !== AccessRole.Member && saved.accessRole === AccessRole.Member)
        await this.messages.demoted(m, saved);
      else if (
        saved.active &&
        saved.organisationId &&
        saved.accessRole !== AccessRole.Member &&
        (!before.active || before.accessRole !== saved.accessRole)
      )
        await this.messages.standInsChanged(m, saved.organisationId);
      await this.audit.updated(m, actor, SUBJECT, person.organisationId, before, auditable(saved));
      // A lead or admin sees every confidential incident, a member only some: their recurrence
      // flags follow what they may see now.
      if (before.accessRole !== saved.accessRole)
        await this.recurrenceFlags.redecideForReporter(m, actor, saved.id);
      return this.view(actor, saved);
    });
  }

  async remove(actor: Principal, id: string): Promise<void> {
    await this.inTurn(async (m, also) => {
      const target = await m.findOneBy(PersonEntity, { id, ...this.access.scopeWhere(actor) });
      if (target) {
        await this.messages.lockTheirSeries(m, target, target.accessRole !== AccessRole.Member, also.series);
        await this.messages.lockTheirActions(m, target, also.actions);
      }
      const person = await lockForUpdate(
        m,
        PersonEntity,
        id,
        undefined,
        'Person',
        this.access.scopeWhere(actor),
        (found) => {
          if (found.systemAdmin && !actor.systemAdmin) throw DomainError.notFound('Person', id);
          this.access.requireRole(actor, AccessRole.Admin);
        },
      );
      if (person.id === actor.personId) {
        throw new DomainError(ErrorCode.Conflict, 'You cannot delete yourself; ask another admin.');
      }
      // The system administrator gives an organisation its first admin, and may delete its last one
      // (nothing may refer to them): an organisation made by mistake could never be emptied otherwise.
      const organisationMadeByMistake = actor.systemAdmin && !person.systemAdmin;
      if (person.accessRole === AccessRole.Admin && !organisationMadeByMistake)
        await this.requireAnotherAdmin(m, person, 'delete');
      await this.requireAttendedNothing(m, person);
      // With the teams, as the create event recorded them.
      const withTeams = await m.findOneOrFail(PersonEntity, { where: { id }, relations: { teams: true } });
      // Their tokens go with them (ON DELETE CASCADE), each with its own delete event.
      const tokens = await m.findBy(ApiTokenEntity, { personId: id });
      // As when someone leaves: nothing still to go reaches them, and the outcome requests and
      // escalations they were to get as a lead go to whoever stands in now.
      if (person.active) {
        await m.update(PersonEntity, { id }, { active: false });
        await this.messages.left(m, { ...person, active: false });
      }
      await this.clearMaker(m, actor, id);
      await m.delete(PersonEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, person.organisationId, auditable(withTeams));
      for (const token of tokens)
        await this.audit.deleted(m, actor, API_TOKEN_AUDIT_SUBJECT, person.organisationId, token);
    });
  }

  /**
   * A change of a person, in a transaction of its own, tried again when a series or actions it plans
   * again became theirs after it locked their series and actions and are held by another change
   * (SeriesHeldElsewhere, ActionHeldElsewhere): waiting for them after their actions and row
   * deadlocked; they are locked up front, in order, now.
   */
  private async inTurn<T>(work: (m: EntityManager, also: LockedUpFront) => Promise<T>): Promise<T> {
    const also: LockedUpFront = { series: [], actions: [] };
    for (;;) {
      try {
        return await this.dataSource.transaction((m) => work(m, also));
      } catch (error) {
        // Once locked up front they cannot be held elsewhere: no endless loop.
        const fresh =
          error instanceof SeriesHeldElsewhere
            ? [error.seriesId].filter((id) => !also.series.includes(id))
            : error instanceof ActionHeldElsewhere
              ? error.actionIds.filter((id) => !also.actions.includes(id))
              : [];
        if (fresh.length === 0) throw error;
        (error instanceof SeriesHeldElsewhere ? also.series : also.actions).push(...fresh);
      }
    }
  }

  /**
   * Someone who leaves: their tokens stop working (authentication reads `active`), and what was to
   * be sent to them is not (PersonMessages.left). Not yourself, and not the last admin.
   */
  private async requireMayLeave(m: EntityManager, actor: Principal, person: PersonEntity): Promise<void> {
    if (person.id === actor.personId)
      throw new DomainError(ErrorCode.Conflict, 'You cannot deactivate yourself; ask another admin.');
    if (person.accessRole === AccessRole.Admin) await this.requireAnotherAdmin(m, person, 'deactivate');
  }

  /**
   * Who attended a session stays on its record (`attendee_ids`, an array: no foreign key says so):
   * deleted, they were an id that named nobody, and the session could not be saved as read.
   */
  private async requireAttendedNothing(m: EntityManager, person: PersonEntity): Promise<void> {
    const [attended] = await m.query(
      `SELECT 1 FROM reflection_sessions WHERE organisation_id = $1 AND $2 = ANY (attendee_ids) LIMIT 1`,
      [person.organisationId, person.id],
    );
    if (attended)
      throw new DomainError(
        ErrorCode.Conflict,
        `${person.name} is recorded as an attendee of reflection sessions, which stay as they were; ` +
          'deactivate them instead (active: false).',
      );
  }

  /**
   * A series' chair records its sessions' outcome, which takes a lead or admin: who chairs an
   * active series keeps that role until the series has another chair.
   */
  private async requireChairsNothing(m: EntityManager, person: PersonEntity): Promise<void> {
    const [chaired]: { title: string }[] = await m.query(
      `SELECT title FROM reflection_series WHERE chair_id = $1 AND active ORDER BY title LIMIT 1`,
      [person.id],
    );
    if (!chaired) return;
    const reason = `${person.name} chairs the reflection series "${chaired.title}"; give it another chair first`;
    throw new DomainError(ErrorCode.Conflict, `accessRole member: ${reason}.`, {
      invalidParams: [{ name: 'accessRole', reason }],
    });
  }

  /**
   * What they made stays, without its maker: each a change of its own, with a new version, in the
   * audit log (the database's ON DELETE SET NULL, 1764910000000, would clear it unseen).
   */
  private async clearMaker(m: EntityManager, actor: Principal, personId: string): Promise<void> {
    for (const type of ['webhook-subscription', 'agenda-item'] as const) {
      const table = type === 'webhook-subscription' ? 'webhook_subscriptions' : 'agenda_items';
      // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
      const [rows]: [{ id: string; organisation_id: string }[], number] = await m.query(
        `UPDATE ${table} SET created_by_id = NULL, version = version + 1, updated_at = now()
         WHERE created_by_id = $1 RETURNING id, organisation_id`,
        [personId],
      );
      for (const row of rows) {
        const [before, after] = [
          { id: row.id, createdById: personId },
          { id: row.id, createdById: null },
        ];
        await this.audit.updated(
          m,
          actor,
          { type, fields: ['createdById'] },
          row.organisation_id,
          before,
          after,
        );
      }
    }
  }

  /**
   * An organisation keeps an active admin: nobody else manages its people, tokens and chains. Such
   * checks take turns on the organisation's row (NO KEY UPDATE: inserts referring to it do not wait),
   * so two admins taking the role from each other at once cannot both succeed, and the second is told
   * why. Locking the admins' rows instead deadlocked: each change holds its own person's row first.
   */
  private async requireAnotherAdmin(m: EntityManager, person: PersonEntity, change: string): Promise<void> {
    if (person.systemAdmin) return this.requireAnotherSystemAdmin(m, person, change);
    await m.query(`SELECT 1 FROM organisations WHERE id = $1 FOR NO KEY UPDATE`, [person.organisationId]);
    const admins: { id: string }[] = await m.query(
      `SELECT id FROM people WHERE organisation_id = $1 AND access_role = 'admin' AND active AND NOT system_admin`,
      [person.organisationId],
    );
    if (!admins.some((admin) => admin.id !== person.id))
      throw new DomainError(
        ErrorCode.Conflict,
        `Cannot ${change} the organisation's last admin; make someone else admin first.`,
      );
  }

  /** Someone has to set up organisations: the last system administrator stays (they take turns). */
  private async requireAnotherSystemAdmin(
    m: EntityManager,
    person: PersonEntity,
    change: string,
  ): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SYSTEM_ADMIN_LOCK]);
    const [other]: { id: string }[] = await m.query(
      `SELECT id FROM people WHERE system_admin AND active AND access_role = 'admin' AND id <> $1 LIMIT 1`,
      [person.id],
    );
    if (!other) throw new DomainError(ErrorCode.Conflict, `Cannot ${change} the last system administrator.`);
  }

  /** Unique within the organisation: whether another organisation has the address is none of its business. */
  private async requireEmailFree(
    m: EntityManager,
    organisationId: string | null,
    email: string,
  ): Promise<void> {
    const taken = await m
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .where('lower(p.email) = lower(:email)', { email })
      .andWhere('p.organisationId IS NOT DISTINCT FROM :organisationId', { organisationId })
      .getExists();
    if (taken) {
      throw new DomainError(ErrorCode.Conflict, `Someone in this organisation has e-mail address ${email}.`, {
        invalidParams: [{ name: 'email', reason: 'already in use' }],
      });
    }
  }

  private async teamsOf(
    m: EntityManager,
    organisationId: string | null,
    teamIds: string[],
  ): Promise<TeamEntity[]> {
    if (teamIds.length === 0) return [];
    // The system administrator (no organisation) is in no team: `organisationId: null` would match every one.
    const teams = organisationId ? await m.findBy(TeamEntity, { id: In(teamIds), organisationId }) : [];
    if (teams.length !== teamIds.length) throw DomainError.reference('teamIds', 'team');
    return teams;
  }
}
