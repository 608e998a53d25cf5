import { Target } from './scenario';
import { ProcessUsage } from './process-monitor';

export interface ScenarioResult {
  key: string;
  title: string;
  /** measured; not-available (the endpoint or what it needs does not exist yet); failed (it answered wrongly). */
  status: 'measured' | 'not-available' | 'failed';
  reason?: string;
  note?: string;
  method: string;
  examplePath?: string;
  connections?: number;
  seconds?: number;
  requests?: number;
  /** Completed requests per second. */
  rps?: number;
  latencyMs?: { p50: number; p95: number; p99: number; mean: number; max: number };
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  statusCodes?: Record<string, number>;
  /** The api process while this scenario ran (when the benchmark knows its pid). */
  api?: ProcessUsage;
  /** CPU time of the api process per completed request, ms: what one api process can serve per core. */
  apiCpuMsPerRequest?: number;
  target?: Target;
  /** Whether the target holds; null when it applies to another data size or was not measured. */
  meetsTarget?: boolean | null;
}
