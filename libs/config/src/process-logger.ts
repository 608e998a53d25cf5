import { Logger, PinoLogger } from 'nestjs-pino';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The process's JSON logger from its first line on: Nest's start-up messages, a failed start and
 * its cause are written as the same pino JSON lines as the rest (a log collector reading JSON
 * dropped Nest's coloured text, and with it why a process did not start). Reads LOG_LEVEL itself:
 * the configuration may be the very thing that failed.
 */
export function processLogger(): Logger {
  const level = process.env.LOG_LEVEL ?? 'info';
  return new Logger(new PinoLogger({ pinoHttp: { level: LEVELS.includes(level) ? level : 'info' } }), {});
}
