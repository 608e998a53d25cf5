/** What one run of the quarter close did. */
export interface QuarterCloseResult {
  /** The latest quarter that was closed, e.g. 2026-Q4 (earlier ones are caught up on too). */
  quarter: string;
  /** Snapshots frozen in this run (organisations that already had one are skipped). */
  snapshotIds: string[];
}
