import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { HttpBenchResult } from '../http/http-bench-result';
import { Target } from '../http/scenario';
import { benchDir } from '../lib/paths';

/**
 * The latest figures per data size, kept in git (bench/figures.json) so the README table and the
 * chart can be regenerated from every size ever measured, not only the sizes of the last run.
 */
export interface Figures {
  updatedAt: string;
  machine?: HttpBenchResult['machine'];
  generation: Record<string, GenerationFigure>;
  http: Record<string, SizeFigures>;
}

export interface GenerationFigure {
  incidents: number;
  seconds: number;
  steps: Record<string, number>;
  counts: Record<string, number>;
  generatedAt: string;
}

export interface SizeFigures {
  incidents: number;
  measuredAt: string;
  loadAverage: number;
  apiHighWaterMiB?: number;
  scenarios: Record<string, ScenarioFigure>;
}

export interface ScenarioFigure {
  title: string;
  status: 'measured' | 'not-available' | 'failed';
  reason?: string;
  connections?: number;
  rps?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  non2xx?: number;
  errors?: number;
  peakRssMiB?: number;
  apiCpuMsPerRequest?: number;
  target?: Target;
  meetsTarget?: boolean | null;
}

export const FIGURES_FILE = () => benchDir('figures.json');

export function loadFigures(file = FIGURES_FILE()): Figures {
  if (!existsSync(file)) return { updatedAt: new Date(0).toISOString(), generation: {}, http: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as Figures;
}

export function saveFigures(figures: Figures, file = FIGURES_FILE()): void {
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}

/** Replaces the figures of one data size with those of a new run. */
export function mergeHttp(figures: Figures, size: string, result: HttpBenchResult): Figures {
  const scenarios: Record<string, ScenarioFigure> = {};
  for (const s of result.scenarios) {
    scenarios[s.key] = {
      title: s.title,
      status: s.status,
      reason: s.reason,
      connections: s.connections,
      rps: s.rps,
      p50: s.latencyMs?.p50,
      p95: s.latencyMs?.p95,
      p99: s.latencyMs?.p99,
      non2xx: s.non2xx,
      errors: s.errors,
      peakRssMiB: s.api?.peakRssMiB,
      apiCpuMsPerRequest: s.apiCpuMsPerRequest,
      target: s.target,
      meetsTarget: s.meetsTarget,
    };
  }
  return {
    ...figures,
    updatedAt: result.finishedAt,
    machine: result.machine,
    http: {
      ...figures.http,
      [size]: {
        incidents: result.incidents ?? 0,
        measuredAt: result.finishedAt,
        loadAverage: result.machine.loadAverage,
        apiHighWaterMiB: result.api?.highWaterMiB,
        // A run of some scenarios (--scenarios) keeps the figures of the others.
        scenarios: { ...figures.http?.[size]?.scenarios, ...scenarios },
      },
    },
  };
}

export function mergeGeneration(figures: Figures, size: string, generation: GenerationFigure): Figures {
  return { ...figures, generation: { ...figures.generation, [size]: generation } };
}
