/** What a person may do in their organisation; each role includes the ones before it. */
export enum AccessRole {
  Member = 'member',
  Lead = 'lead',
  Admin = 'admin',
}

export const ACCESS_ROLE_RANK: Record<AccessRole, number> = {
  [AccessRole.Member]: 1,
  [AccessRole.Lead]: 2,
  [AccessRole.Admin]: 3,
};
