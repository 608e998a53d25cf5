import { PersonEntity } from '../governance/person.entity';

/** Who an escalation goes to, and in which capacity (owner, lead or admin: the e-mail says it). */
export interface EscalationRecipientList {
  recipients: Pick<PersonEntity, 'id' | 'email'>[];
  as: string;
}
