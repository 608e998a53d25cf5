import { MessageChannel, Worker } from 'node:worker_threads';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { RecurrenceSchedule } from './compute-occurrences';
import { SieveThread, sieveAnswer } from './sieve-answer';
import { toFloating } from './to-floating';

/**
 * The thread's work, one question at a time: does a floating rule meet in [from, until]? It notes
 * when it began each (`began`), so that its budget is counted from there, whatever the api's event
 * loop was doing meanwhile.
 */
const SCRIPT = `
const { workerData } = require('node:worker_threads');
const { RRule } = require(workerData.rrulePath);
const { port, began } = workerData;
port.on('message', ({ rule, dtstart, from, until }) => {
  Atomics.store(began, 0, BigInt(Date.now()));
  const options = RRule.parseString(rule);
  options.dtstart = new Date(dtstart);
  options.tzid = null;
  options.until = null;
  const found = new RRule(options).between(new Date(from), new Date(until), true, (_d, i) => i < 1);
  port.postMessage(found.length > 0);
  Atomics.store(began, 0, 0n);
});
`;

const DAY_MS = 24 * 60 * 60 * 1000;

/** More than enough for five years of a daily rule (a few milliseconds), counted once it runs. */
const BUDGET_MS = 2000;

/** A thread that has not begun the question by then never had the chance: the machine is too busy. */
const DEADLINE_MS = 10_000;

/** Sieves at a time: each may take a core for its budget, and the api has others to answer. */
const AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Threads that answered their last question, kept for the next (a new one takes about 60 ms). */
const idle: (SieveThread & { worker: Worker })[] = [];

/**
 * Whether a series' rule may yield an occurrence from its first start (or from `from`) up to `until`: a first
 * sieve, in floating time with a day of margin and without UNTIL (computeOccurrences is exact).
 * A rule that never matches (e.g. FREQ=DAILY;BYSETPOS=2) makes the `rrule` package step period by
 * period up to the year 9999, seconds of CPU; so it runs in a worker thread that is stopped after
 * a budget, and a rule that has found nothing in it yields nothing. When the thread could not even
 * begin in time, nothing is known about the rule: a 503, to be tried again, rather than a refusal.
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
  const thread = idle.pop() ?? start();
  const dtstart = toFloating(schedule.firstStart, schedule.timeZone).getTime();
  // Kept alive while it is asked, so that a script awaiting the answer does not end meanwhile.
  thread.worker.ref();
  thread.port.postMessage({
    rule: schedule.rrule,
    dtstart,
    from: Math.max(dtstart, toFloating(from, schedule.timeZone).getTime() - DAY_MS),
    until: toFloating(until, schedule.timeZone).getTime() + DAY_MS,
  });
  const answer = await sieveAnswer(thread, BUDGET_MS, DEADLINE_MS);
  thread.worker.unref();
  if (typeof answer === 'boolean') {
    idle.push(thread);
    return answer;
  }
  await thread.worker.terminate();
  if (answer === 'undecided')
    throw new DomainError(
      ErrorCode.Unavailable,
      'The recurrence rule could not be checked in time: the server is too busy. Try again shortly.',
    );
  return false;
}

/** A new thread with its own port; neither keeps the process alive while it waits for questions. */
function start(): SieveThread & { worker: Worker } {
  const { port1, port2 } = new MessageChannel();
  const began = new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT));
  const worker = new Worker(SCRIPT, {
    eval: true,
    workerData: { rrulePath: require.resolve('rrule'), port: port2, began },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  return { worker, port: port1, began };
}
