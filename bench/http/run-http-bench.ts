import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';
import { BenchContext } from '../lib/bench-context';
import { ApiProcess } from './api-process';
import { HttpBenchResult } from './http-bench-result';
import { ProcessMonitor } from './process-monitor';
import { runScenario, send } from './run-scenario';
import { Scenario } from './scenario';
import { ScenarioResult } from './scenario-result';
import { SCENARIOS } from './scenarios';

export interface HttpBenchOptions {
  context: BenchContext;
  /** Start the built api against this database (preferred: its memory can be measured). */
  startApi?: { databaseUrl: string; logFile: string; logLevel: string; poolSize?: number };
  /** Or run against an api that is already up. */
  baseUrl?: string;
  /** The pid of that api, to measure its memory and CPU. */
  apiPid?: number;
  seconds: number;
  warmupSeconds: number;
  connections?: number;
  /** Scenario keys to run (all when empty). */
  only?: string[];
  log: (message: string) => void;
}

/** Runs the scenarios (reads first, then writes) and returns the figures; starts and stops the api when asked. */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const startedAt = new Date().toISOString();
  const loadAverage = Math.round(loadavg()[0] * 100) / 100;
  let api: ApiProcess | undefined;
  if (options.startApi) {
    options.log(`starting the api on ${options.context.database}…`);
    api = await ApiProcess.start(options.startApi);
  }
  const baseUrl = api?.baseUrl ?? options.baseUrl;
  if (!baseUrl) throw new Error('Give a base URL or let the benchmark start the api');
  const pid = api?.pid ?? options.apiPid;
  const monitor = pid ? new ProcessMonitor(pid) : undefined;
  const scenarios = ordered(SCENARIOS).filter((s) => !options.only?.length || options.only.includes(s.key));
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of scenarios) {
      const token = scenario.as ? options.context.tokens[scenario.as].token : undefined;
      const preparation = await scenario.prepare(options.context, {
        request: (method, path, as, body) =>
          send(
            baseUrl,
            method,
            path,
            {
              authorization: `Bearer ${options.context.tokens[as].token}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body === undefined ? undefined : JSON.stringify(body),
          ),
      });
      const result = await runScenario(scenario, preparation, {
        baseUrl,
        token,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        connections: options.connections,
        monitor,
        incidents: options.context.incidents,
      });
      options.log(summary(result));
      results.push(result);
      if (monitor && !monitor.alive()) throw new Error('The api process died during the benchmark');
    }
  } finally {
    await api?.stop();
  }
  const highWaterMiB = results.reduce((max, r) => Math.max(max, r.api?.highWaterMiB ?? 0), 0) || undefined;
  return {
    kind: 'http',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: options.startApi ? await postgresVersion(options.startApi.databaseUrl) : undefined,
      loadAverage,
    },
    database: options.context.database,
    incidents: options.context.incidents,
    baseUrl,
    apiStartedByBench: Boolean(api),
    api: pid ? { pid, highWaterMiB } : undefined,
    scenarios: results,
  };
}

/** Writes come last so the read figures are taken on exactly the generated data. */
function ordered(scenarios: Scenario[]): Scenario[] {
  return [...scenarios.filter((s) => !s.writes), ...scenarios.filter((s) => s.writes)];
}

export function summary(result: ScenarioResult): string {
  if (result.status !== 'measured') return `${result.key}: ${result.status} (${result.reason})`;
  const l = result.latencyMs!;
  const verdict = result.meetsTarget === null ? '' : result.meetsTarget ? ' ✓ target' : ' ✗ target';
  return (
    `${result.key}: ${result.rps} req/s, p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, ` +
    `non-2xx ${result.non2xx}, errors ${result.errors}` +
    (result.api
      ? `, api ${result.apiCpuMsPerRequest} ms CPU/request, RSS peak ${result.api.peakRssMiB} MiB`
      : '') +
    verdict
  );
}

async function postgresVersion(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version.split(' ')[0];
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
