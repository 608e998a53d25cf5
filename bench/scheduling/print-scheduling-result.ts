import { SchedulingResult } from './scheduling-result';
import { SCHEDULING_TARGET } from './scheduling-target';

/** The figures of one scheduling run, for the terminal. */
export function printSchedulingResult(r: SchedulingResult): void {
  const ms = (v: number) => (Number.isNaN(v) ? '-' : `${Math.round(v)} ms`);
  console.log(
    [
      '',
      `  delivered        ${r.delivered} of ${r.planned} (${r.byDeadline} within ${SCHEDULING_TARGET.withinSeconds} s of the due minute)`,
      `  duplicates       ${r.duplicates}`,
      `  lost             ${r.lost}`,
      `  rate             ${Math.round(r.ratePerSecond)} messages/s (first to last arrival)`,
      `  lag              p50 ${ms(r.lagMs.p50)}, p95 ${ms(r.lagMs.p95)}, p99 ${ms(r.lagMs.p99)}, max ${ms(r.lagMs.max)}`,
      `  drain            ${r.drainSeconds.toFixed(1)} s after the last due time`,
      `  SMTP connections ${r.smtpConnections}`,
      `  CPU per message  worker ${r.cpuMsPerMessage.worker} ms, Postgres ${r.cpuMsPerMessage.postgres} ms, ` +
        `Redis ${r.cpuMsPerMessage.redis} ms (whole server), SMTP sink ${r.cpuMsPerMessage.sinkAndBench} ms`,
      `  worker CPU       ${r.workerUsage.map((u) => `${u.cpuSeconds} s`).join(', ')} (peak RSS ${r.workerUsage.map((u) => `${u.peakRssMiB} MiB`).join(', ')})`,
      `  rows             ${JSON.stringify(r.statuses)}, max attempts ${r.maxAttempts}`,
      `  target           ${r.meetsTarget === null ? 'not judged (only 10,000 reminders due within one minute are)' : r.meetsTarget ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
}
