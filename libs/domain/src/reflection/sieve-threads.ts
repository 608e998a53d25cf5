import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { MessageChannel, Worker } from 'node:worker_threads';
import { SieveThread } from './sieve-answer';

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

/**
 * The sieve threads of one application: those that answered their last question are kept for the
 * next (a new one takes about 60 ms). Kept threads do not hold the process open, but each is a
 * V8 isolate that the process has to tear down when it exits: the application stops them when it
 * closes (SIGTERM), and so does a test that closes its app, instead of leaving them to pile up.
 */
@Injectable()
export class SieveThreads implements OnApplicationShutdown {
  private readonly idle: (SieveThread & { worker: Worker })[] = [];
  private closed = false;

  /** A kept thread, or a new one. */
  take(): SieveThread & { worker: Worker } {
    return this.idle.pop() ?? start();
  }

  /** A thread that answered: kept for the next question, unless the application has closed. */
  keep(thread: SieveThread & { worker: Worker }): void {
    if (this.closed) void thread.worker.terminate();
    else this.idle.push(thread);
  }

  /**
   * Stops the kept threads. One still asked answers its request first (within its budget) and is
   * stopped then, rather than fail it with a wrong "never meets".
   */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((thread) => thread.worker.terminate()));
  }
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
