/** The three roles of the triangle model (driehoeksmodel). */
export enum ChainRole {
  Owner = 'owner',
  Commissioner = 'commissioner',
  Contractor = 'contractor',
}
