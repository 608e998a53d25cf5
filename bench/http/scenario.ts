import { BenchContext } from '../lib/bench-context';

/** What a scenario needs before it runs: rotating paths (and bodies), or why it cannot run. */
export type Preparation = { paths: string[]; bodies?: string[]; note?: string } | { unavailable: string };

/** A figure the product promises, checked at one data size (or at every size when atIncidents is unset). */
export interface Target {
  metric: 'p50' | 'p95' | 'p99' | 'rps';
  /** ≤ for latencies in ms, ≥ for requests per second. */
  value: number;
  atIncidents?: number;
  text: string;
}

export interface Scenario {
  key: string;
  title: string;
  method: 'GET' | 'POST';
  /** Whose token to send; null for public endpoints. */
  as: 'admin' | 'lead' | 'member' | null;
  connections: number;
  target?: Target;
  /** Writes data: runs after the read scenarios. */
  writes?: boolean;
  prepare(context: BenchContext, helpers: PrepareHelpers): Promise<Preparation>;
}

export interface PrepareHelpers {
  /** One authenticated request, for discovery (e.g. a calendar feed token). */
  request(
    method: string,
    path: string,
    as: 'admin' | 'lead' | 'member',
    body?: unknown,
  ): Promise<ProbeResponse>;
}

export interface ProbeResponse {
  status: number;
  body: unknown;
}
