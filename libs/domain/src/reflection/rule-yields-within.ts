import { Worker } from 'node:worker_threads';
import { RecurrenceSchedule } from './compute-occurrences';
import { toFloating } from './to-floating';

/** The worker's work: whether a floating rule yields an occurrence in [dtstart, until]. */
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { RRule } = require(workerData.rrulePath);
const options = RRule.parseString(workerData.rule);
options.dtstart = new Date(workerData.dtstart);
options.tzid = null;
options.until = null;
const found = new RRule(options).between(options.dtstart, new Date(workerData.until), true, (_d, i) => i < 1);
parentPort.postMessage(found.length > 0);
`;

const DAY_MS = 24 * 60 * 60 * 1000;

/** More than enough for five years of a daily rule (a few milliseconds), counted once it runs. */
const BUDGET_MS = 2000;

/** Sieves at a time: each may take a core for its budget, and the api has others to answer. */
const AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * Whether a series' rule may yield an occurrence from its first start up to `until`: a first
 * sieve, in floating time with a day of margin and without UNTIL (computeOccurrences is exact).
 * A rule that never matches (e.g. FREQ=DAILY;BYSETPOS=2) makes the `rrule` package step period by
 * period up to the year 9999, seconds of CPU; so it runs in a worker thread that is stopped after
 * a budget, and a rule that has found nothing by then yields nothing.
 */
export async function ruleYieldsWithin(schedule: RecurrenceSchedule, until: Date): Promise<boolean> {
  // A finished sieve hands its place to the next one waiting.
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await sieve(schedule, until);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

async function sieve(schedule: RecurrenceSchedule, until: Date): Promise<boolean> {
  const worker = new Worker(SCRIPT, {
    eval: true,
    workerData: {
      rrulePath: require.resolve('rrule'),
      rule: schedule.rrule,
      dtstart: toFloating(schedule.firstStart, schedule.timeZone).getTime(),
      until: toFloating(until, schedule.timeZone).getTime() + DAY_MS,
    },
  });
  try {
    return await new Promise<boolean>((resolve, reject) => {
      // The budget starts when the worker runs: starting it on a busy machine is no sign of a bad rule.
      let timer: NodeJS.Timeout | undefined;
      worker.once('online', () => (timer = setTimeout(() => resolve(false), BUDGET_MS)));
      worker.once('message', (found: boolean) => {
        clearTimeout(timer);
        resolve(found);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      // Gone without an answer (out of memory, say): nothing was found.
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  } finally {
    await worker.terminate();
  }
}
