import { EventEmitter } from 'node:events';
import { MessageChannel, MessagePort } from 'node:worker_threads';
import { SieveThread, sieveAnswer } from './sieve-answer';

/** A stand-in for a sieve thread: the test posts on `other` and writes `began` as the thread would. */
function thread(): SieveThread & { other: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  const began = new BigInt64Array(new SharedArrayBuffer(8));
  return { worker: new EventEmitter(), port: port1, began, other: port2 };
}

const later = (ms: number, then: () => void) =>
  new Promise<void>((resolve) => setTimeout(() => resolve(then()), ms));

describe('sieveAnswer', () => {
  const threads: ReturnType<typeof thread>[] = [];
  const make = () => threads[threads.push(thread()) - 1];
  afterAll(() => threads.forEach((t) => [t.port.close(), t.other.close()]));

  it('takes the answer the thread posts', async () => {
    const t = make();
    const answer = sieveAnswer(t, 100, 1000);
    t.other.postMessage(false);
    expect(await answer).toBe(false);
  });

  it('gives up when the thread has worked for its budget', async () => {
    const t = make();
    Atomics.store(t.began, 0, BigInt(Date.now()));
    expect(await sieveAnswer(t, 50, 1000)).toBe('timed out');
  });

  it('counts the budget from when the thread began, not from when it was asked', async () => {
    const t = make();
    const answer = sieveAnswer(t, 100, 1000);
    // It begins 80 ms after the question and answers 60 ms later: past 100 ms from the question.
    await later(80, () => Atomics.store(t.began, 0, BigInt(Date.now())));
    await later(60, () => t.other.postMessage(true));
    expect(await answer).toBe(true);
  });

  it('is undecided when the thread has not begun by the deadline', async () => {
    const t = make();
    expect(await sieveAnswer(t, 50, 200)).toBe('undecided');
  });

  it('takes an answer posted while the event loop was held past the budget', async () => {
    const t = make();
    const answer = await new Promise<unknown>((resolve) =>
      setImmediate(() => {
        resolve(sieveAnswer(t, 50, 1000));
        Atomics.store(t.began, 0, BigInt(Date.now()));
        t.other.postMessage(true);
        Atomics.store(t.began, 0, 0n);
        const held = Date.now();
        while (Date.now() - held < 100);
      }),
    );
    expect(answer).toBe(true);
  });

  it('fails when the thread exits', async () => {
    const t = make();
    const answer = sieveAnswer(t, 100, 1000);
    t.worker.emit('exit', 1);
    expect(await answer).toBe('failed');
  });
});
