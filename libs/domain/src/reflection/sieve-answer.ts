import { EventEmitter } from 'node:events';
import { MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/** A sieve thread as the api sees it. */
export interface SieveThread {
  /** Emits 'error' and 'exit' (a Worker). */
  worker: EventEmitter;
  /** Where the thread posts its answer. */
  port: MessagePort;
  /** When the thread began the question it is working on (ms since the epoch), 0 between questions. */
  began: BigInt64Array;
}

/**
 * The answer to the question just posted to a sieve thread: what it posted, 'timed out' when it
 * has worked on it for `budgetMs` without answering, 'undecided' when it has not even begun within
 * `deadlineMs` (a machine too busy to tell), 'failed' when it crashed or exited.
 *
 * The thread times itself, since only it knows when it began; this side only reads that. A timer
 * here may fire late and together with the answer (a request that held the event loop for longer
 * than the budget), so before it gives up it takes any answer already posted off the port.
 */
export function sieveAnswer(
  thread: SieveThread,
  budgetMs: number,
  deadlineMs: number,
): Promise<boolean | 'timed out' | 'undecided' | 'failed'> {
  const { worker, port, began } = thread;
  const asked = Date.now();
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const settle = (answer: boolean | 'timed out' | 'undecided' | 'failed') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      port.off('message', settle);
      worker.off('error', failed);
      worker.off('exit', failed);
      resolve(answer);
    };
    const failed = () => settle('failed');
    const look = () => {
      // Read before the port: the thread posts its answer before it clears `began`.
      const since = Number(Atomics.load(began, 0));
      const posted = receiveMessageOnPort(port);
      if (posted) return settle(posted.message as boolean);
      const now = Date.now();
      if (since > 0 && now - since >= budgetMs) return settle('timed out');
      if (since === 0 && now - asked >= deadlineMs) return settle('undecided');
      // It began late, or has not begun yet: look again when its budget or the deadline is up.
      timer = setTimeout(
        look,
        since > 0 ? since + budgetMs - now : Math.min(budgetMs, asked + deadlineMs - now),
      );
    };
    port.on('message', settle);
    worker.on('error', failed);
    worker.on('exit', failed);
    timer = setTimeout(look, budgetMs);
  });
}
