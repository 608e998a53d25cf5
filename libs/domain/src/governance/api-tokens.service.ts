import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { PageQueryDto } from '../shared/page-query.dto';
import { paginate } from '../shared/paginate';
import { preparedQuery } from '../shared/prepared-query';
import { ApiTokenEntity } from './api-token.entity';
import { API_TOKEN_AUDIT_SUBJECT } from './api-token-audit-subject';
import { ApiTokenDto } from './dto/api-token.dto';
import { CreateApiTokenDto } from './dto/create-api-token.dto';
import { CreatedApiTokenDto } from './dto/created-api-token.dto';
import { PeopleService } from './people.service';
import { requireActivePeople } from './require-active-people';
import { hashToken, newTokenSecret } from './token-secret';

interface AuthenticatedRow extends Principal {
  tokenId: string;
  lastUsedAt: Date | null;
}

/** A person's API tokens: managed by the organisation's admins, or by the person for their own. */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Principal, personId: string, paging: PageQueryDto): Promise<Page<ApiTokenDto>> {
    await this.requireManager(actor, personId);
    const qb = this.dataSource
      .getRepository(ApiTokenEntity)
      .createQueryBuilder('t')
      .where('t.personId = :personId', { personId })
      .orderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'DESC');
    return paginate(qb, paging, ApiTokenDto.from);
  }

  async create(actor: Principal, personId: string, dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    const person = await this.requireManager(actor, personId);
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt <= this.clock.now())
      throw DomainError.invalid('expiresAt', 'must be in the future');
    const token = newTokenSecret();
    return this.dataSource.transaction(async (m) => {
      // Authentication reads `active`: a token for someone who left would never work. (The system
      // administrator, in no organisation, cannot leave: only they could deactivate themself.)
      if (person.organisationId) await requireActivePeople(m, person.organisationId, [personId], 'personId');
      const saved = await m.save(
        m.create(ApiTokenEntity, { personId, name: dto.name, tokenHash: hashToken(token), expiresAt }),
      );
      await this.audit.created(m, actor, API_TOKEN_AUDIT_SUBJECT, person.organisationId, saved);
      return { ...ApiTokenDto.from(saved), token };
    });
  }

  /** Revoking keeps the row (for the audit trail and the list) but the token stops working at once. */
  async revoke(actor: Principal, personId: string, tokenId: string): Promise<void> {
    const person = await this.requireManager(actor, personId);
    await this.dataSource.transaction(async (m) => {
      // Locked with lockForUpdate, which also checks an If-Match (a token has no GET: only * passes).
      const token = await lockForUpdate(m, ApiTokenEntity, tokenId, undefined, 'Token', { personId });
      if (token.revokedAt) return;
      const before = { ...token };
      token.revokedAt = this.clock.now();
      const saved = await m.save(token);
      await this.audit.updated(m, actor, API_TOKEN_AUDIT_SUBJECT, person.organisationId, before, saved);
    });
  }

  /** The caller behind a bearer token, or null when it is unknown, revoked or expired. */
  async authenticate(token: string): Promise<Principal | null> {
    const now = this.clock.now();
    // Plain SQL, prepared, on every request: building the query and the entities, and parsing and
    // planning it, cost more than the lookup.
    const [row] = await preparedQuery<AuthenticatedRow>(
      this.dataSource,
      'leerlus-authenticate',
      `SELECT t.id AS "tokenId", t.last_used_at AS "lastUsedAt", p.id AS "personId",
              p.organisation_id AS "organisationId", p.access_role AS "accessRole",
              p.system_admin AS "systemAdmin", p.locale
       FROM api_tokens t JOIN people p ON p.id = t.person_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
         AND p.active`,
      [hashToken(token), now],
    );
    if (!row) return null;
    // Recording every use would turn each read into a write; once a minute is precise enough.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
      await this.dataSource.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [
        now,
        row.tokenId,
      ]);
    }
    return {
      personId: row.personId,
      organisationId: row.organisationId,
      accessRole: row.accessRole,
      systemAdmin: row.systemAdmin,
      locale: row.locale,
    };
  }

  private async requireManager(actor: Principal, personId: string) {
    const person = await this.people.find(actor, personId);
    if (actor.personId !== personId) this.access.requireRole(actor, AccessRole.Admin);
    return person;
  }
}
