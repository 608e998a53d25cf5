/** What an effectiveness re-check found: did the lesson stick? */
export enum RecheckOutcome {
  Effective = 'effective',
  PartlyEffective = 'partly-effective',
  NotEffective = 'not-effective',
}
