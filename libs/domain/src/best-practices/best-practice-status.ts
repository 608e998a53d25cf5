/** proposed → endorsed → adopted → retired. */
export enum BestPracticeStatus {
  Proposed = 'proposed',
  Endorsed = 'endorsed',
  Adopted = 'adopted',
  Retired = 'retired',
}
