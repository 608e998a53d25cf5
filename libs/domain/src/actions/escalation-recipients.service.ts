import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChainRole } from '../governance/chain-role';
import { leadsOrAdmins } from '../governance/leads-or-admins';
import { PersonEntity } from '../governance/person.entity';
import { RoleAssignmentEntity } from '../governance/role-assignment.entity';
import { EscalationRecipientList } from './escalation-recipient-list';

/**
 * Who an overdue action escalates to on `today`: the current owner(s) of its chain; without a
 * chain or an owner, the organisation's leads, and if it has none, its admins, so that an
 * escalation never goes nowhere. Asked when the escalation is planned and again when it is sent,
 * weeks later, when the chain or its owner may have changed.
 */
@Injectable()
export class EscalationRecipients {
  async of(
    m: EntityManager,
    action: { organisationId: string; chainId: string | null },
    today: string,
  ): Promise<EscalationRecipientList> {
    const people = m.getRepository(PersonEntity);
    if (action.chainId) {
      const owners = await people
        .createQueryBuilder('p')
        .select(['p.id', 'p.email'])
        .innerJoin(
          RoleAssignmentEntity,
          'ra',
          `ra.personId = p.id AND ra.chainId = :chainId AND ra.role = :role
           AND ra.validFrom <= :today AND (ra.validTo IS NULL OR ra.validTo >= :today)`,
          { chainId: action.chainId, role: ChainRole.Owner, today },
        )
        .where('p.organisationId = :organisationId AND p.active', { organisationId: action.organisationId })
        .orderBy('p.id')
        .getMany();
      if (owners.length > 0)
        return { recipients: [...new Map(owners.map((p) => [p.id, p])).values()], as: 'owner' };
    }
    const { people: leads, as } = await leadsOrAdmins(m, action.organisationId);
    return { recipients: leads, as };
  }
}
