import autocannon from 'autocannon';
import { percentile } from '../lib/percentile';
import { ProcessMonitor } from './process-monitor';
import { Preparation, ProbeResponse, Scenario } from './scenario';
import { ScenarioResult } from './scenario-result';

export interface RunOptions {
  baseUrl: string;
  /** Bearer token for the scenario's role, or undefined for public endpoints. */
  token?: string;
  seconds: number;
  warmupSeconds: number;
  /** Overrides the scenario's own number of connections. */
  connections?: number;
  monitor?: ProcessMonitor;
  incidents?: number;
}

/**
 * Probes a scenario with one request (a 404 means the endpoint is not there yet: reported as not
 * available, not as a crash), warms it up, then runs autocannon for a fixed time and measures
 * every response's latency itself, since autocannon reports no p95.
 */
export async function runScenario(
  scenario: Scenario,
  preparation: Preparation,
  options: RunOptions,
): Promise<ScenarioResult> {
  const base: ScenarioResult = {
    key: scenario.key,
    title: scenario.title,
    method: scenario.method,
    status: 'not-available',
    target: scenario.target,
    meetsTarget: null,
  };
  if ('unavailable' in preparation) return { ...base, reason: preparation.unavailable };
  let bodies = preparation.bodies;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (bodies) headers['content-type'] = 'application/json';

  const probe = await probeWithBody(
    options.baseUrl,
    scenario.method,
    preparation.paths[0],
    headers,
    bodies?.[0],
  );
  let note = preparation.note;
  if (probe.dropped.length && bodies) {
    // The create DTO refused fields it does not know; send what it accepts and say so.
    bodies = bodies.map((body) => JSON.stringify(omit(JSON.parse(body), probe.dropped)));
    note = [note, `fields the api refused and the benchmark dropped: ${probe.dropped.join(', ')}`]
      .filter(Boolean)
      .join('; ');
  }
  const examplePath = preparation.paths[0];
  if (probe.response.status === 404) {
    // Nest answers an unknown route with "Cannot GET /path"; anything else is a missing resource.
    const missing = /^Cannot [A-Z]+ /.test(detail(probe.response));
    const route = `${scenario.method} ${examplePath.split('?')[0].replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi, '{id}')}`;
    return {
      ...base,
      examplePath,
      reason: missing ? `no such route yet (404 on ${route})` : `404 on ${route}: ${detail(probe.response)}`,
    };
  }
  if (probe.response.status >= 300)
    return {
      ...base,
      status: 'failed',
      examplePath,
      reason: `probe answered ${probe.response.status}: ${detail(probe.response)}`,
    };

  const connections = options.connections ?? scenario.connections;
  const paths = preparation.paths;
  const load = (seconds: number, onResponse?: (status: number, ms: number) => void) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      let n = 0;
      const instance = autocannon(
        {
          url: options.baseUrl,
          connections,
          duration: seconds,
          timeout: 30,
          headers,
          requests: [
            {
              method: scenario.method,
              setupRequest: (request) => {
                const i = n++;
                request.path = paths[i % paths.length];
                if (bodies) request.body = bodies[i % bodies.length];
                return request;
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      if (onResponse)
        instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) =>
          onResponse(status, ms),
        );
    });

  if (options.warmupSeconds > 0) await load(options.warmupSeconds);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  options.monitor?.start();
  const result = await load(options.seconds, (status, ms) => {
    latencies.push(ms);
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
  });
  const api = options.monitor?.stop();
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  const requests = latencies.length;
  const non2xx = Object.entries(statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  const measured: ScenarioResult = {
    ...base,
    status: 'measured',
    note,
    examplePath,
    connections,
    seconds: options.seconds,
    requests,
    rps: round(requests / options.seconds),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      mean: round(latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, requests)),
      max: round(latencies[requests - 1] ?? NaN),
    },
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    api,
    apiCpuMsPerRequest: api && requests ? round((api.cpuSeconds * 1000) / requests) : undefined,
  };
  return { ...measured, meetsTarget: meetsTarget(measured, options.incidents) };
}

/** Whether a measured scenario meets its target at this data size (null when it does not apply). */
export function meetsTarget(result: ScenarioResult, incidents?: number): boolean | null {
  const target = result.target;
  if (!target || result.status !== 'measured' || !result.latencyMs) return null;
  if (target.atIncidents !== undefined && target.atIncidents !== incidents) return null;
  // Errors void a figure: a fast 500 is no success.
  if ((result.non2xx ?? 0) + (result.errors ?? 0) > 0.001 * (result.requests ?? 0)) return false;
  if (target.metric === 'rps') return (result.rps ?? 0) >= target.value;
  return result.latencyMs[target.metric] <= target.value;
}

interface Probe {
  response: ProbeResponse;
  dropped: string[];
}

/** One request; a 400 naming unknown body properties is retried without them (at most three times). */
async function probeWithBody(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Probe> {
  const dropped: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const sent = body === undefined ? undefined : JSON.stringify(omit(JSON.parse(body), dropped));
    const response = await send(baseUrl, method, path, headers, sent);
    const unknown = response.status === 400 ? unknownProperties(response.body) : [];
    if (!unknown.length || attempt === 3) return { response, dropped };
    dropped.push(...unknown);
  }
}

export async function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<ProbeResponse> {
  try {
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (an .ics feed, for one).
    }
    return { status: response.status, body: parsed };
  } catch (error) {
    return { status: 599, body: { detail: (error as Error).message } };
  }
}

function unknownProperties(body: unknown): string[] {
  const params = (body as { invalidParams?: Array<{ name?: string; reason?: string }> })?.invalidParams ?? [];
  return params
    .filter((param) => param.name && /not a known property|should not exist/i.test(param.reason ?? ''))
    .map((param) => param.name!);
}

function detail(response: ProbeResponse): string {
  const body = response.body as { detail?: string; title?: string } | string;
  if (typeof body === 'string') return body.slice(0, 200);
  return String(body?.detail ?? body?.title ?? JSON.stringify(body)).slice(0, 300);
}

function omit(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}
