/** The triangle role a lesson or action is addressed to. */
export enum AddressedRole {
  Owner = 'owner',
  Commissioner = 'commissioner',
  Contractor = 'contractor',
  All = 'all',
}
