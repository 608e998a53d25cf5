import { Worker } from 'node:worker_threads';
import { RecurrenceSchedule } from './compute-occurrences';
import { toFloating } from './to-floating';

/** The worker's work, one question at a time: does a floating rule meet in [from, until]? */
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { RRule } = require(workerData.rrulePath);
parentPort.on('message', ({ rule, dtstart, from, until }) => {
  const options = RRule.parseString(rule);
  options.dtstart = new Date(dtstart);
  options.tzid = null;
  options.until = null;
  const found = new RRule(options).between(new Date(from), new Date(until), true, (_d, i) => i < 1);
  parentPort.postMessage(found.length > 0);
});
`;

const DAY_MS = 24 * 60 * 60 * 1000;

/** More than enough for five years of a daily rule (a few milliseconds), counted once it runs. */
const BUDGET_MS = 2000;

/** Sieves at a time: each may take a core for its budget, and the api has others to answer. */
const AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Threads that answered their last question, kept for the next (a new one takes about 60 ms). */
const idle: Worker[] = [];

/**
 * Whether a series' rule may yield an occurrence from its first start (or from `from`) up to `until`: a first
 * sieve, in floating time with a day of margin and without UNTIL (computeOccurrences is exact).
 * A rule that never matches (e.g. FREQ=DAILY;BYSETPOS=2) makes the `rrule` package step period by
 * period up to the year 9999, seconds of CPU; so it runs in a worker thread that is stopped after
 * a budget, and a rule that has found nothing by then yields nothing.
 */
export async function ruleYieldsWithin(
  schedule: RecurrenceSchedule,
  until: Date,
  from: Date = schedule.firstStart,
): Promise<boolean> {
  // A finished sieve hands its place to the next one waiting.
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await sieve(schedule, from, until);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

async function sieve(schedule: RecurrenceSchedule, from: Date, until: Date): Promise<boolean> {
  const worker = idle.pop() ?? start();
  const dtstart = toFloating(schedule.firstStart, schedule.timeZone).getTime();
  const answer = await ask(worker, {
    rule: schedule.rrule,
    dtstart,
    from: Math.max(dtstart, toFloating(from, schedule.timeZone).getTime() - DAY_MS),
    until: toFloating(until, schedule.timeZone).getTime() + DAY_MS,
  });
  if (answer === 'no answer') {
    await worker.terminate();
    return false;
  }
  idle.push(worker);
  return answer;
}

/** A new thread; it does not keep the process alive while it waits for questions. */
function start(): Worker {
  const worker = new Worker(SCRIPT, { eval: true, workerData: { rrulePath: require.resolve('rrule') } });
  worker.unref();
  return worker;
}

/** Threads that have started. */
const online = new WeakSet<Worker>();

/** Its answer, or 'no answer' when it took longer than the budget, failed or exited. */
function ask(worker: Worker, question: object): Promise<boolean | 'no answer'> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const settle = (answer: boolean | 'no answer') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.off('message', settle);
      worker.off('error', failed);
      worker.off('exit', failed);
      worker.unref();
      resolve(answer);
    };
    const failed = () => settle('no answer');
    // The budget starts when the thread runs: starting one on a busy machine is no sign of a bad rule.
    const budget = () => {
      if (!done) timer = setTimeout(failed, BUDGET_MS);
    };
    if (online.has(worker)) budget();
    else
      worker.once('online', () => {
        online.add(worker);
        budget();
      });
    worker.on('message', settle);
    worker.on('error', failed);
    worker.on('exit', failed);
    // Kept alive while it is asked, so that a script awaiting the answer does not end meanwhile.
    worker.ref();
    worker.postMessage(question);
  });
}
