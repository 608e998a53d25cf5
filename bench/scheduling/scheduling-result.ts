import { ProcessUsage } from '../http/process-monitor';
import { DeliverySummary } from './summarise-deliveries';

/** One run of the scheduling benchmark, as written to bench/results/ and kept in the figures file. */
export interface SchedulingResult extends DeliverySummary {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; loadAverage: number };
  reminders: number;
  workers: number;
  spreadSeconds: number;
  sessions: number;
  planSeconds: number;
  status: 'completed' | 'aborted';
  abortReason?: string;
  smtpConnections: number;
  /** Highest attempts count of any row (1 when nothing had to be retried). */
  maxAttempts: number;
  statuses: Record<string, number>;
  workerUsage: ProcessUsage[];
  /**
   * CPU time per delivered message from the end of planning on: the worker processes, the
   * Postgres backends serving them, the Redis server (shared, so an upper bound) and the
   * benchmark process with its SMTP sink.
   */
  cpuMsPerMessage: { worker: number; postgres: number; redis: number; sinkAndBench: number };
  /** Judged for 10,000 reminders within one minute; null otherwise. */
  meetsTarget: boolean | null;
}
