/**
 * Why an escalation of an action goes to the organisation's leads (or admins) and not to the owner
 * of its chain. Stored in the message (`fallback`), so that the e-mail tells its reader why they
 * are asked: a chain whose owner left has an owner, it is not vacant.
 */
export enum EscalationFallback {
  NoChain = 'no-chain',
  NoOwner = 'no-owner',
  OwnerInactive = 'owner-inactive',
  /** The owner is the one the action is assigned to: nobody is escalated to about themselves. */
  OwnerIsAssignee = 'owner-is-assignee',
}
