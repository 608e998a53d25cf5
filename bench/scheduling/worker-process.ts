import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessMonitor, ProcessUsage } from '../http/process-monitor';
import { repoRoot } from '../lib/paths';

export interface WorkerProcessOptions {
  env: Record<string, string>;
  logFile: string;
}

/**
 * The built worker (dist/apps/worker/src/main.js) as a child process, with its CPU time and
 * memory sampled from /proc. Stopped with SIGTERM (active jobs finish), SIGKILL after 15 s.
 */
export class WorkerProcess {
  private exited = false;
  readonly monitor: ProcessMonitor;

  private constructor(
    private readonly child: ChildProcess,
    private readonly logFile: string,
  ) {
    child.once('exit', () => (this.exited = true));
    this.monitor = new ProcessMonitor(child.pid!);
    this.monitor.start();
  }

  static start(options: WorkerProcessOptions): WorkerProcess {
    const main = join(repoRoot(), 'dist', 'apps', 'worker', 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    const log = openSync(options.logFile, 'a');
    // e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/results/profiles" to profile the worker.
    const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, main], {
      cwd: repoRoot(),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    return new WorkerProcess(child, options.logFile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return !this.exited;
  }

  logTail(lines = 15): string {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Sends SIGKILL at once (used when the benchmark itself is interrupted). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  async stop(): Promise<ProcessUsage> {
    const usage = this.monitor.stop();
    if (this.exited) return usage;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    return usage;
  }
}
