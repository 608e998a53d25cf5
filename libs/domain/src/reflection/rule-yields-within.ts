import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { RecurrenceSchedule } from './compute-occurrences';
import { sieveAnswer } from './sieve-answer';
import { SieveThreads } from './sieve-threads';
import { toFloating } from './to-floating';

const DAY_MS = 24 * 60 * 60 * 1000;

/** More than enough for five years of a daily rule (a few milliseconds), counted once it runs. */
const BUDGET_MS = 2000;

/** A thread that has not begun the question by then never had the chance: the machine is too busy. */
const DEADLINE_MS = 10_000;

/** Sieves at a time: each may take a core for its budget, and the api has others to answer. */
const AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * Whether a series' rule may yield an occurrence from its first start (or from `from`) up to `until`: a first
 * sieve, in floating time with a day of margin and without UNTIL (computeOccurrences is exact).
 * A rule that never matches (e.g. FREQ=DAILY;BYSETPOS=2) makes the `rrule` package step period by
 * period up to the year 9999, seconds of CPU; so it runs in a worker thread that is stopped after
 * a budget, and a rule that has found nothing in it yields nothing. When the thread could not even
 * begin in time, nothing is known about the rule: a 503, to be tried again, rather than a refusal.
 */
export async function ruleYieldsWithin(
  threads: SieveThreads,
  schedule: RecurrenceSchedule,
  until: Date,
  from: Date = schedule.firstStart,
): Promise<boolean> {
  // A finished sieve hands its place to the next one waiting.
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await sieve(threads, schedule, from, until);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

async function sieve(
  threads: SieveThreads,
  schedule: RecurrenceSchedule,
  from: Date,
  until: Date,
): Promise<boolean> {
  const thread = threads.take();
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
    threads.keep(thread);
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
