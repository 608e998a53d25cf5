import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { ApiTokenEntity } from './api-token.entity';
import { API_TOKEN_AUDIT_SUBJECT } from './api-token-audit-subject';
import { Locale } from './locale';
import { PersonEntity } from './person.entity';
import { SYSTEM_ADMIN_LOCK } from './system-admin-lock';
import { hashToken, newTokenSecret } from './token-secret';

const SYSTEM_ADMIN_EMAIL = 'system-admin@leerlus.invalid';
/** The name of the token BOOTSTRAP_ADMIN_TOKEN configures. */
const BOOTSTRAP = 'bootstrap';
const PERSON: AuditSubject = { type: 'person', fields: ['name', 'email', 'accessRole', 'systemAdmin'] };

/** First setup: the system administrator and a token for them, created idempotently. */
@Injectable()
export class SystemAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Makes sure the system administrator exists and authenticates with `token`; safe to repeat. A
   * bootstrap token that works revokes every other token marked `bootstrap` (the value configured
   * before), not one the administrator merely named so.
   * 'revoked': the token was revoked before and stays so, and nothing changes (a replica restarting
   * with a value rotated away must not revoke the new one). 'taken': it is another person's token,
   * which stays theirs.
   */
  async ensure(token: string, tokenName = BOOTSTRAP): Promise<'works' | 'revoked' | 'taken'> {
    return this.dataSource.transaction(async (m) => {
      // Serialise concurrent starters (several api replicas booting at once).
      await m.query('SELECT pg_advisory_xact_lock($1)', [SYSTEM_ADMIN_LOCK]);
      // The first system administrator, by the flag: their address may since have been changed
      // (looked up by it, a new one was made, and the old bootstrap token was never revoked).
      let admin = await m.findOne(PersonEntity, {
        where: { systemAdmin: true },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      if (!admin) {
        admin = await m.save(
          m.create(PersonEntity, {
            organisationId: null,
            name: 'Systeembeheerder',
            email: SYSTEM_ADMIN_EMAIL,
            accessRole: AccessRole.Admin,
            locale: Locale.Nl,
            systemAdmin: true,
            teams: [],
          }),
        );
        await this.audit.created(m, null, PERSON, null, admin);
      }
      const hash = hashToken(token);
      const existing = await m
        .getRepository(ApiTokenEntity)
        .createQueryBuilder('t')
        .addSelect('t.tokenHash')
        .where('t.tokenHash = :hash', { hash })
        .getOne();
      // A revoked token stays revoked: a leaked bootstrap token must not come back at the next start.
      if (existing?.revokedAt) return 'revoked';
      if (existing && existing.personId !== admin.id) return 'taken';
      const configured = tokenName === BOOTSTRAP;
      let configuredId = existing?.id;
      if (existing) {
        // The administrator's own token (from the CLI, or with an expiry) now configured: a
        // bootstrap token, so that the next value revokes it.
        if (existing.expiresAt || (configured && !existing.bootstrap)) {
          const before = { ...existing };
          Object.assign(existing, {
            name: tokenName,
            expiresAt: null,
            bootstrap: existing.bootstrap || configured,
          });
          await m.save(existing);
          await this.audit.updated(m, null, API_TOKEN_AUDIT_SUBJECT, null, before, existing);
        }
      } else {
        const created = await m.save(
          m.create(ApiTokenEntity, {
            personId: admin.id,
            name: tokenName,
            tokenHash: hash,
            expiresAt: null,
            bootstrap: configured,
          }),
        );
        configuredId = created.id;
        await this.audit.created(m, null, API_TOKEN_AUDIT_SUBJECT, null, created);
      }
      // The configured token replaces the one configured before, which stops working; by the mark,
      // not the name, which anyone may give a token.
      if (configured)
        for (const previous of await m.findBy(ApiTokenEntity, {
          personId: admin.id,
          bootstrap: true,
          revokedAt: IsNull(),
        })) {
          if (previous.id === configuredId) continue;
          const before = { ...previous };
          previous.revokedAt = new Date();
          await m.save(previous);
          await this.audit.updated(m, null, API_TOKEN_AUDIT_SUBJECT, null, before, previous);
        }
      return 'works';
    });
  }

  /** Ensures the system administrator and returns a fresh token for them (the CLI command). */
  async issueToken(): Promise<string> {
    const token = newTokenSecret();
    await this.ensure(token, `cli ${new Date().toISOString()}`);
    return token;
  }
}
