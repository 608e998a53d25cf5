import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { ChainRole } from '../governance/chain-role';
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
    for (const role of [AccessRole.Lead, AccessRole.Admin]) {
      const found = await people.find({
        where: { organisationId: action.organisationId, accessRole: role, systemAdmin: false, active: true },
        select: { id: true, email: true },
        order: { id: 'ASC' },
      });
      if (found.length > 0) return { recipients: found, as: role };
    }
    return { recipients: [], as: AccessRole.Lead };
  }
}
