import { parseArgs } from 'node:util';

type Flags = Record<string, { type: 'string' | 'boolean' }>;

/**
 * Parses --flags strictly (an unknown flag stops the script with a message) and prints the usage
 * on --help. Strings stay strings; the caller states the shape it declared.
 */
export function cliOptions<T>(usage: string, options: Flags): T {
  try {
    const { values } = parseArgs({ options: { ...options, help: { type: 'boolean' } }, strict: true });
    if ((values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return values as T;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}

/** A positive integer flag; accepts 100000, 100_000, 100k and 1m. */
export function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const match = /^(\d[\d_]*)([km]?)$/i.exec(value.trim());
  if (!match) throw new Error(`--${name} must be a positive number like 100000, 100k or 1m`);
  const scale: Record<string, number> = { '': 1, k: 1e3, m: 1e6 };
  const n = Number(match[1].replace(/_/g, '')) * scale[match[2].toLowerCase()];
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive number`);
  return n;
}

export function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}
