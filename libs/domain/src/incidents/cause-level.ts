/** Where the fix lies. */
export enum CauseLevel {
  Implementation = 'implementation',
  Policy = 'policy',
  Legislation = 'legislation',
  Chain = 'chain',
  Politics = 'politics',
}
