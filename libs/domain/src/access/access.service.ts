import { Injectable } from '@nestjs/common';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { ACCESS_ROLE_RANK, AccessRole } from './access-role';
import { Principal } from './principal';

/**
 * The one place that decides who may see and change what. Another organisation's data is
 * reported as "not found" so that its existence does not leak.
 */
@Injectable()
export class AccessService {
  hasRole(principal: Principal, role: AccessRole): boolean {
    return principal.systemAdmin || ACCESS_ROLE_RANK[principal.accessRole] >= ACCESS_ROLE_RANK[role];
  }

  requireRole(principal: Principal, role: AccessRole): void {
    if (!this.hasRole(principal, role)) {
      throw new DomainError(ErrorCode.Forbidden, `This action needs the ${role} role.`);
    }
  }

  requireSystemAdmin(principal: Principal): void {
    if (!principal.systemAdmin) {
      throw new DomainError(ErrorCode.Forbidden, 'Only the system administrator manages organisations.');
    }
  }

  canSeeOrganisation(principal: Principal, organisationId: string): boolean {
    return principal.systemAdmin || principal.organisationId === organisationId;
  }

  /** Throws not-found for a resource of an organisation the caller does not belong to. */
  requireOrganisation(principal: Principal, organisationId: string, what: string, id?: string): void {
    if (!this.canSeeOrganisation(principal, organisationId)) throw DomainError.notFound(what, id);
  }

  /**
   * The organisation a collection query is limited to: the caller's own, or for the system
   * administrator the one asked for (undefined: all).
   */
  organisationScope(principal: Principal, requested?: string): string | undefined {
    if (principal.systemAdmin) return requested;
    return principal.organisationId ?? undefined;
  }

  /** A `where` fragment that limits a lookup to what the caller may see. */
  scopeWhere(principal: Principal): { organisationId?: string } {
    return principal.systemAdmin ? {} : { organisationId: principal.organisationId as string };
  }

  /** The organisation a new resource goes into: the caller's own unless the system admin names one. */
  targetOrganisation(principal: Principal, requested: string | undefined, field = 'organisationId'): string {
    if (principal.systemAdmin) {
      if (!requested) throw DomainError.invalid(field, 'is required for the system administrator');
      return requested;
    }
    if (requested && requested !== principal.organisationId)
      throw DomainError.reference(field, 'organisation');
    return principal.organisationId as string;
  }
}
