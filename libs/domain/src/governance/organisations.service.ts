import { Injectable } from '@nestjs/common';
import { DUTCH_COLLATION } from '../shared/dutch-collation';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { NOTIFICATION_AUDIT_SUBJECT } from '../notifications/notification-audit-subject';
import { removeDeliveryLog } from '../notifications/remove-delivery-log';
import { applyPatch } from '../shared/apply-patch';
import { DomainError } from '../shared/domain.error';
import { escapeLike } from '../shared/escape-like';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { CreateOrganisationDto } from './dto/create-organisation.dto';
import { OrganisationQueryDto } from './dto/organisation-query.dto';
import { OrganisationDto } from './dto/organisation.dto';
import { UpdateOrganisationDto } from './dto/update-organisation.dto';
import { OrganisationEntity } from './organisation.entity';
import { requireEmptiedOrganisation } from './require-emptied-organisation';

const SUBJECT: AuditSubject = { type: 'organisation', fields: ['name', 'kind'] };

/** Organisations are created by the system administrator; an organisation's admins may rename theirs. */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Principal, query: OrganisationQueryDto): Promise<Page<OrganisationDto>> {
    const qb = this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('o');
    if (!actor.systemAdmin) qb.andWhere('o.id = :own', { own: actor.organisationId });
    whereInList(qb, 'o.kind', 'kind', query.kind);
    if (query.name) qb.andWhere('o.name ILIKE :name', { name: `%${escapeLike(query.name)}%` });
    qb.orderBy(`o.name COLLATE ${DUTCH_COLLATION}`, 'ASC').addOrderBy('o.id', 'ASC');
    return paginate(qb, query, OrganisationDto.from);
  }

  async get(actor: Principal, id: string): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.find(actor, id));
  }

  /** The organisation if the caller may see it; not-found otherwise. Used by other services too. */
  async find(actor: Principal, id: string): Promise<OrganisationEntity> {
    const organisation = this.access.canSeeOrganisation(actor, id)
      ? await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id })
      : null;
    if (!organisation) throw DomainError.notFound('Organisation', id);
    return organisation;
  }

  async create(actor: Principal, dto: CreateOrganisationDto): Promise<OrganisationDto> {
    this.access.requireSystemAdmin(actor);
    return this.dataSource.transaction(async (m) => {
      const organisation = await m.save(m.create(OrganisationEntity, { name: dto.name, kind: dto.kind }));
      await this.audit.created(m, actor, SUBJECT, organisation.id, organisation);
      return OrganisationDto.from(organisation);
    });
  }

  async update(actor: Principal, id: string, dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    if (!this.access.canSeeOrganisation(actor, id)) throw DomainError.notFound('Organisation', id);
    this.access.requireRole(actor, AccessRole.Admin);
    return this.dataSource.transaction(async (m) => {
      const organisation = await lockForUpdate(m, OrganisationEntity, id, dto.version, 'Organisation');
      const before = { ...organisation };
      const saved = await m.save(applyPatch(organisation, dto));
      await this.audit.updated(m, actor, SUBJECT, id, before, saved);
      return OrganisationDto.from(saved);
    });
  }

  /**
   * Only an empty organisation can be deleted; one with teams, people, chains or other records gives
   * 409 naming them. Its delivery log goes with it, each message with its own delete event (a retry
   * was audited by its id), but not while messages are still to be sent (409).
   */
  async remove(actor: Principal, id: string): Promise<void> {
    this.access.requireSystemAdmin(actor);
    await this.dataSource.transaction(async (m) => {
      // FOR UPDATE: a message planned meanwhile (its foreign key check) waits, then finds it gone.
      const organisation = await lockForUpdate(m, OrganisationEntity, id, undefined, 'Organisation');
      // What holds it back is named first: its messages still ahead go when what they are about does.
      await requireEmptiedOrganisation(m, id);
      const messages = await removeDeliveryLog(m, id);
      await m.delete(OrganisationEntity, { id });
      await this.audit.deletedMany(m, actor, NOTIFICATION_AUDIT_SUBJECT, id, messages);
      await this.audit.deleted(m, actor, SUBJECT, id, organisation);
    });
  }
}
