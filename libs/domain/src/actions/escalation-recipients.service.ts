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
 * "no owner"). Never its assignee: an escalation is for someone other than the one who is late, so
 * an owner who is the assignee hands it to the leads (a lead who is, to the other leads, or without
 * any to the admins). Asked when the escalation is planned and again when it is sent, weeks later,
 * when the chain, its owner or the assignee may have changed.
 */
@Injectable()
export class EscalationRecipients {
  async of(
    m: EntityManager,
    action: { organisationId: string; chainId: string | null; assigneeId: string },
    today: string,
  ): Promise<EscalationRecipientList> {
    if (!action.chainId) return this.leads(m, action, EscalationFallback.NoChain);
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
    const active = owners.filter((p) => p.active);
    const others = active.filter((p) => p.id !== action.assigneeId).map(({ id, email }) => ({ id, email }));
    if (others.length > 0)
      return { recipients: [...new Map(others.map((p) => [p.id, p])).values()], as: 'owner' };
    const fallback =
      active.length > 0
        ? EscalationFallback.OwnerIsAssignee
        : owners.length > 0
          ? EscalationFallback.OwnerInactive
          : EscalationFallback.NoOwner;
    return this.leads(m, action, fallback);
  }

  private async leads(
    m: EntityManager,
    action: { organisationId: string; assigneeId: string },
    fallback: EscalationFallback,
  ): Promise<EscalationRecipientList> {
    const { people, as } = await leadsOrAdmins(m, action.organisationId, action.assigneeId);
    return { recipients: people, as, fallback };
  }
}
