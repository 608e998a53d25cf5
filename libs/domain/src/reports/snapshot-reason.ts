/** Why a snapshot was made: a lead asked for it, or the quarter was closed automatically. */
export enum SnapshotReason {
  Manual = 'manual',
  QuarterClose = 'quarter-close',
}
