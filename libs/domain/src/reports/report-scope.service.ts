import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { ChainEntity } from '../governance/chain.entity';
import { OrganisationEntity } from '../governance/organisation.entity';
import { DomainError } from '../shared/domain.error';
import { ReportScope } from './report-scope';

/** Decides whose figures a caller may see: leads and admins, of their own organisation only. */
@Injectable()
export class ReportScopeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** For a query: another organisation or chain is not found (404). */
  async forQuery(actor: Principal, organisationId?: string, chainId?: string): Promise<ReportScope> {
    const id = organisationId ?? actor.organisationId;
    if (!id) throw DomainError.invalid('organisationId', 'is required for the system administrator');
    this.access.requireOrganisation(actor, id, 'Organisation', id);
    return this.resolve(actor, id, chainId, () => DomainError.notFound('Chain', chainId));
  }

  /** For a request body: an id outside the caller's organisation is a bad reference (422). */
  async forBody(actor: Principal, organisationId?: string, chainId?: string): Promise<ReportScope> {
    const id = this.access.targetOrganisation(actor, organisationId);
    return this.resolve(actor, id, chainId, () => DomainError.reference('chainId', 'chain'));
  }

  private async resolve(
    actor: Principal,
    organisationId: string,
    chainId: string | undefined,
    missingChain: () => DomainError,
  ): Promise<ReportScope> {
    const organisation = await this.dataSource
      .getRepository(OrganisationEntity)
      .findOneBy({ id: organisationId });
    if (!organisation) throw DomainError.notFound('Organisation', organisationId);
    this.access.requireRole(actor, AccessRole.Lead);
    const chain = chainId
      ? await this.dataSource.getRepository(ChainEntity).findOneBy({ id: chainId, organisationId })
      : null;
    if (chainId && !chain) throw missingChain();
    return {
      organisationId,
      organisationName: organisation.name,
      chainId: chain?.id ?? null,
      chainName: chain?.name ?? null,
    };
  }
}
