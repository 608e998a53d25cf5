import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { THEME_AUDIT_SUBJECT } from './theme-audit-subject';
import { applyPatch } from '../shared/apply-patch';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { CreateThemeDto } from './dto/create-theme.dto';
import { ThemeQueryDto } from './dto/theme-query.dto';
import { ThemeDto } from './dto/theme.dto';
import { UpdateThemeDto } from './dto/update-theme.dto';
import { ThemeEntity } from './theme.entity';
import { ThemeSort } from './theme-sort';
import { AgendaItemKind } from '../reflection/agenda-item-kind';
import { OrganisationEntity } from '../governance/organisation.entity';
import { requireActivePeople } from '../governance/require-active-people';

const SORT_COLUMNS = {
  title: 'lower(t.title)',
  createdAt: 't.created_at',
  lastDiscussedAt: 't.last_discussed_at',
} as const;

/**
 * Long-term themes (lange-termijnthema's) leadership keeps returning to: the top makes room for
 * them, so leads manage them; everyone in the organisation can read them.
 */
@Injectable()
export class ThemesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Principal, query: ThemeQueryDto): Promise<Page<ThemeDto>> {
    const qb = this.dataSource.getRepository(ThemeEntity).createQueryBuilder('t');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('t.organisationId = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('t.organisationId = :requested', { requested: query.organisationId });
    if (query.active !== undefined) qb.andWhere('t.active = :active', { active: query.active });
    if (query.ownerId) qb.andWhere('t.ownerId = :ownerId', { ownerId: query.ownerId });
    const sort = query.sort ?? ThemeSort.Agenda;
    if (sort === ThemeSort.Agenda) {
      // Active first, then the least recently discussed, as the agenda will pick them.
      qb.orderBy('t.active', 'DESC')
        .addOrderBy('t.lastDiscussedAt', 'ASC', 'NULLS FIRST')
        .addOrderBy('lower(t.title)', 'ASC');
    } else {
      const key = sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS;
      // Never discussed comes last either way.
      qb.orderBy(SORT_COLUMNS[key], sort.startsWith('-') ? 'DESC' : 'ASC', 'NULLS LAST');
    }
    return paginate(qb.addOrderBy('t.id', 'ASC'), query, ThemeDto.from);
  }

  async get(actor: Principal, id: string): Promise<ThemeDto> {
    const theme = await this.dataSource
      .getRepository(ThemeEntity)
      .findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!theme) throw DomainError.notFound('Theme', id);
    return ThemeDto.from(theme);
  }

  async create(actor: Principal, dto: CreateThemeDto): Promise<ThemeDto> {
    this.access.requireRole(actor, AccessRole.Lead);
    const organisationId = this.access.targetOrganisation(actor, dto.organisationId);
    return this.dataSource.transaction(async (m) => {
      // First, so an organisation that does not exist is not blamed on its owner.
      if (!(await m.existsBy(OrganisationEntity, { id: organisationId })))
        throw DomainError.reference('organisationId', 'organisation');
      await this.requireOwner(m, organisationId, dto.ownerId);
      const theme = await m.save(
        m.create(ThemeEntity, {
          organisationId,
          title: dto.title,
          description: dto.description ?? '',
          ownerId: dto.ownerId,
          active: dto.active ?? true,
          lastDiscussedAt: null,
        }),
      );
      await this.audit.created(m, actor, THEME_AUDIT_SUBJECT, organisationId, theme);
      return ThemeDto.from(theme);
    });
  }

  async update(actor: Principal, id: string, dto: UpdateThemeDto): Promise<ThemeDto> {
    return this.dataSource.transaction(async (m) => {
      const theme = await lockForUpdate(
        m,
        ThemeEntity,
        id,
        dto.version,
        'Theme',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
        // A compilation of an agenda about it (KEY SHARE, its session held) goes on: waiting for
        // FOR UPDATE, it deadlocked with the rename of the items on that session.
        true,
      );
      // The owner is checked when it changes, and when the theme is taken up again: one who has
      // left may stay on a theme they owned, not lead it anew (it goes onto agendas).
      const owner = dto.ownerId !== undefined ? dto.ownerId : theme.ownerId;
      const takenUp = dto.active === true && !theme.active;
      if (owner && (owner !== theme.ownerId || takenUp))
        await this.requireOwner(m, theme.organisationId, owner);
      const before = { ...theme };
      const saved = await m.save(applyPatch(theme, dto));
      await this.audit.updated(m, actor, THEME_AUDIT_SUBJECT, theme.organisationId, before, saved);
      return ThemeDto.from(saved);
    });
  }

  /**
   * Setting active to false keeps the theme's history; deleting is for mistakes, so a theme that
   * was discussed or is on an agenda cannot be deleted (its agenda items would point at nothing).
   */
  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const theme = await lockForUpdate(
        m,
        ThemeEntity,
        id,
        undefined,
        'Theme',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      const [{ items }]: { items: number }[] = await m.query(
        `SELECT count(*)::int AS items FROM agenda_items WHERE kind = $2 AND reference_id = $1`,
        [id, AgendaItemKind.Theme],
      );
      if (items > 0 || theme.lastDiscussedAt !== null)
        throw new DomainError(
          ErrorCode.Conflict,
          `This theme ${theme.lastDiscussedAt ? 'was discussed' : 'is on an agenda'}` +
            `${items > 0 ? ` (${items} agenda item(s))` : ''}; its history would be lost. ` +
            'Set active to false instead.',
        );
      await m.delete(ThemeEntity, { id });
      await this.audit.deleted(m, actor, THEME_AUDIT_SUBJECT, theme.organisationId, theme);
    });
  }

  private async requireOwner(m: EntityManager, organisationId: string, ownerId: string): Promise<void> {
    await requireActivePeople(m, organisationId, [ownerId], 'ownerId');
  }
}
