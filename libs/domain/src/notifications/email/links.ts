/** Where an e-mail points to; one place, so the paths follow the api's routes. */
export const links = {
  session: (base: string, sessionId: string) => `${base}/v1/reflection-sessions/${sessionId}`,
  series: (base: string, seriesId: string) => `${base}/v1/reflection-series/${seriesId}`,
  action: (base: string, actionId: string) => `${base}/v1/actions/${actionId}`,
  reportSnapshot: (base: string, snapshotId: string) =>
    `${base}/v1/reports/quarterly-snapshots/${snapshotId}`,
};
