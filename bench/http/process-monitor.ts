import { readFileSync } from 'node:fs';

export interface ProcessUsage {
  /** Highest resident set size seen while sampling, MiB. */
  peakRssMiB: number;
  /** The kernel's high-water mark since the process started (VmHWM), MiB. */
  highWaterMiB: number;
  /** CPU time the process used while sampling, seconds. */
  cpuSeconds: number;
}

/** Samples a process's memory (/proc/<pid>/status) and CPU time (/proc/<pid>/stat) on Linux. */
export class ProcessMonitor {
  private timer?: NodeJS.Timeout;
  private peakKiB = 0;
  private cpuStart = 0;

  constructor(readonly pid: number) {}

  start(intervalMs = 100): void {
    this.peakKiB = this.status().rssKiB;
    this.cpuStart = this.cpuTicks();
    this.timer = setInterval(() => {
      this.peakKiB = Math.max(this.peakKiB, this.status().rssKiB);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): ProcessUsage {
    if (this.timer) clearInterval(this.timer);
    const status = this.status();
    this.peakKiB = Math.max(this.peakKiB, status.rssKiB);
    return {
      peakRssMiB: round(this.peakKiB / 1024),
      highWaterMiB: round(status.hwmKiB / 1024),
      // Linux reports CPU time in clock ticks of 1/100 s.
      cpuSeconds: round((this.cpuTicks() - this.cpuStart) / 100),
    };
  }

  /** Whether the process still exists. */
  alive(): boolean {
    try {
      readFileSync(`/proc/${this.pid}/status`);
      return true;
    } catch {
      return false;
    }
  }

  private status(): { rssKiB: number; hwmKiB: number } {
    try {
      const text = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
      return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
    } catch {
      return { rssKiB: 0, hwmKiB: 0 };
    }
  }

  private cpuTicks(): number {
    try {
      // Fields after the command name (which may contain spaces): utime and stime are 14 and 15.
      const text = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
