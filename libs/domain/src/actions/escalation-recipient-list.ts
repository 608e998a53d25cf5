import { PersonEntity } from '../governance/person.entity';
import { EscalationFallback } from './escalation-fallback';

/** Who an escalation goes to, and in which capacity (owner, lead or admin: the e-mail says it). */
export interface EscalationRecipientList {
  recipients: Pick<PersonEntity, 'id' | 'email'>[];
  as: string;
  /** Why not the chain's owner; absent when it goes to the owner. */
  fallback?: EscalationFallback;
}
