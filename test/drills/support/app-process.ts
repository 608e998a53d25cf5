import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../../..');

/** One line a child process wrote: its pino JSON when it was JSON, else the raw text. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  json?: { level?: number; msg?: string; [key: string]: unknown };
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  lines: LogLine[];
  /** Resolves once a line matches; rejects when the process exits first or the time is up. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<LogLine>;
  /** Resolves when the process has exited on its own or been stopped. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within the grace time; resolves on exit. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs a compiled entry point (the built api or worker) as a child process in the repository
 * root, keeping every line it logs so a test can wait for one and check the rest for errors.
 */
export function startAppProcess(name: string, main: string, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream]! }).on('line', (text) => {
      const line: LogLine = { stream, text };
      try {
        line.json = JSON.parse(text);
      } catch {
        // Not JSON: kept as text (a crash before the logger exists prints plain text).
      }
      lines.push(line);
      for (const listener of listeners) listener(line);
    });
  }

  const waitForLine = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<LogLine>((done, fail) => {
      const found = lines.find((line) => pattern.test(line.text));
      if (found) return done(found);
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      const listener = (line: LogLine) => {
        if (!pattern.test(line.text)) return;
        finish();
        done(line);
      };
      const timer = setTimeout(() => {
        finish();
        fail(new Error(`${name} logged no line matching ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      listeners.add(listener);
      void exited.then(({ code, signal }) => {
        finish();
        fail(new Error(`${name} exited (${code ?? signal}) before logging ${pattern}`));
      });
    });

  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return exited;
  };

  return { name, child, lines, exited, waitForLine, stop };
}
