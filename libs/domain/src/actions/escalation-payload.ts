import { EscalationRecipientList } from './escalation-recipient-list';

/**
 * What an escalation's payload says of its recipients: their role, and why it is not the chain's
 * owner (null when it is: a message readdressed to an owner drops the reason it had before).
 */
export function escalationPayload(list: EscalationRecipientList): {
  recipientRole: string;
  fallback: string | null;
} {
  return { recipientRole: list.as, fallback: list.fallback ?? null };
}
