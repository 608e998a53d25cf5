import { ScenarioResult } from './scenario-result';

/** One run of the HTTP scenarios against one database, as written to bench/results/<time>-<db>.json. */
export interface HttpBenchResult {
  kind: 'http';
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    postgres?: string;
    /** 1-minute load average when the run started: other work on the machine skews figures. */
    loadAverage: number;
  };
  database?: string;
  incidents?: number;
  baseUrl: string;
  /** Whether the benchmark started the api itself (then memory figures are the api's own). */
  apiStartedByBench: boolean;
  api?: { pid: number; highWaterMiB?: number };
  scenarios: ScenarioResult[];
}
