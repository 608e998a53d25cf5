import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths';

export interface ApiProcessOptions {
  databaseUrl: string;
  logFile: string;
  logLevel: string;
  poolSize?: number;
  env?: Record<string, string>;
}

/**
 * The built api (dist/apps/api/src/main.js) as a child process, so the benchmark can measure its
 * memory and stop it afterwards. It gets its own Redis key prefix and a throwaway calendar secret.
 */
export class ApiProcess {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    private readonly logFile: string,
  ) {
    child.once('exit', () => (this.exited = true));
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: ApiProcessOptions): Promise<ApiProcess> {
    const main = join(repoRoot(), 'dist', 'apps', 'api', 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    const port = await freePort();
    const log = openSync(options.logFile, 'a');
    const child = spawn(process.execPath, [main], {
      cwd: repoRoot(),
      env: {
        ...process.env,
        // Production mode, as deployed; BENCH_API_NODE_ENV overrides it if production ever
        // demands configuration a benchmark does not have.
        NODE_ENV: process.env.BENCH_API_NODE_ENV ?? 'production',
        PORT: String(port),
        DATABASE_URL: options.databaseUrl,
        DATABASE_POOL_SIZE: String(options.poolSize ?? 10),
        LOG_LEVEL: options.logLevel,
        REDIS_PREFIX: 'leerlus-bench',
        CALENDAR_FEED_SECRET: randomBytes(32).toString('hex'),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        ...options.env,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const api = new ApiProcess(child, `http://127.0.0.1:${port}`, options.logFile);
    await api.waitUntilHealthy(120_000);
    return api;
  }

  private async waitUntilHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`The api exited while starting:\n${this.logTail()}`);
      try {
        const response = await fetch(`${this.baseUrl}/v1/health`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await this.stop();
    throw new Error(`The api did not become healthy within ${timeoutMs / 1000} s:\n${this.logTail()}`);
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGTERM, then SIGKILL after ten seconds. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
