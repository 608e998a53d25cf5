import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

/** CPU seconds a process has used so far (utime + stime from /proc/<pid>/stat), or NaN when gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * The CPU time the Postgres backends serving one database use (the worker's connections), read
 * from /proc while they live: a backend is measured from when it is first seen to its last sample.
 * Works when Postgres runs on this machine (as in the benchmark); elsewhere it reports nothing.
 */
export class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly database: string,
  ) {}

  start(intervalMs = 500): void {
    const sample = async () => {
      const rows: { pid: number }[] = await this.dataSource.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()
           AND application_name = 'leerlus' AND backend_type = 'client backend'`,
        [this.database],
      );
      for (const { pid } of rows) {
        const cpu = processCpuSeconds(pid);
        if (Number.isNaN(cpu)) continue;
        if (!this.first.has(pid)) this.first.set(pid, cpu);
        this.last.set(pid, cpu);
      }
    };
    this.timer = setInterval(() => void sample().catch(() => undefined), intervalMs);
    void sample().catch(() => undefined);
  }

  /** Samples once more, stops, and returns the CPU seconds used by the backends seen. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    for (const pid of this.last.keys()) {
      const cpu = processCpuSeconds(pid);
      if (!Number.isNaN(cpu)) this.last.set(pid, cpu);
    }
    let total = 0;
    for (const [pid, end] of this.last) total += end - (this.first.get(pid) ?? end);
    return Math.round(total * 100) / 100;
  }
}

/** Redis server CPU seconds so far (INFO cpu); the server is shared, so this is an upper bound. */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_sys') + field('used_cpu_user');
}
