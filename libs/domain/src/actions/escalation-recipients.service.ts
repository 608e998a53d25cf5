import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChainRole } from '../governance/chain-role';
import { leadsOrAdmins } from '../governance/leads-or-admins';
import { PersonEntity } from '../governance/person.entity';
import { RoleAssignmentEntity } from '../governance/role-assignment.entity';
import { EscalationFallback } from './escalation-fallback';
import { EscalationRecipientList } from './escalation-recipient-list';

/**
 * Who an overdue action escalates to on `today`: the current active owner(s) of its chain; without
 * a chain or an active owner, the organisation's leads, and if it has none, its admins, so that an
 * escalation never goes nowhere, with the reason (the e-mail says it: an owner who left is not
 * "no owner"). Asked when the escalation is planned and again when it is sent, weeks later, when
 * the chain or its owner may have changed.
 */
@Injectable()
export class EscalationRecipients {
  async of(
    m: EntityManager,
    action: { organisationId: string; chainId: string | null },
    today: string,
  ): Promise<EscalationRecipientList> {
    if (!action.chainId) return this.leads(m, action.organisationId, EscalationFallback.NoChain);
    const owners = await m
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.email', 'p.active'])
      .innerJoin(
        RoleAssignmentEntity,
        'ra',
        `ra.personId = p.id AND ra.chainId = :chainId AND ra.role = :role
         AND ra.validFrom <= :today AND (ra.validTo IS NULL OR ra.validTo >= :today)`,
        { chainId: action.chainId, role: ChainRole.Owner, today },
      )
      .where('p.organisationId = :organisationId', { organisationId: action.organisationId })
      .orderBy('p.id')
      .getMany();
    const active = owners.filter((p) => p.active).map(({ id, email }) => ({ id, email }));
    if (active.length > 0)
      return { recipients: [...new Map(active.map((p) => [p.id, p])).values()], as: 'owner' };
    return this.leads(
      m,
      action.organisationId,
      owners.length > 0 ? EscalationFallback.OwnerInactive : EscalationFallback.NoOwner,
    );
  }

  private async leads(
    m: EntityManager,
    organisationId: string,
    fallback: EscalationFallback,
  ): Promise<EscalationRecipientList> {
    const { people, as } = await leadsOrAdmins(m, organisationId);
    return { recipients: people, as, fallback };
  }
}
