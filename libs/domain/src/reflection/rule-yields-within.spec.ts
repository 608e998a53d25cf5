import { ruleYieldsWithin } from './rule-yields-within';
import { SieveThreads } from './sieve-threads';

const firstStart = new Date('2026-03-02T09:00:00Z');
const until = new Date('2031-03-02T09:00:00Z');
const schedule = (rrule: string) => ({ rrule, firstStart, timeZone: 'Europe/Amsterdam' });

describe('ruleYieldsWithin', () => {
  const threads = new SieveThreads();
  afterAll(() => threads.onApplicationShutdown());

  it('finds a session of a rule that meets', async () => {
    expect(await ruleYieldsWithin(threads, schedule('FREQ=WEEKLY;BYDAY=MO'), until)).toBe(true);
    // 29 February: the next one is in 2028, within the five years.
    expect(await ruleYieldsWithin(threads, schedule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'), until)).toBe(
      true,
    );
  });

  it('finds none of a rule that never meets, also when several are asked at once', async () => {
    const never = [
      'FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2',
      'FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=DAILY;BYSETPOS=2',
    ];
    expect(await Promise.all(never.map((rule) => ruleYieldsWithin(threads, schedule(rule), until)))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('takes the answer of a rule that meets when the event loop was held past the budget meanwhile', async () => {
    // A thread kept from an earlier question answers at once.
    expect(await ruleYieldsWithin(threads, schedule('FREQ=WEEKLY;BYDAY=MO'), until)).toBe(true);
    // Asked from a task of its own, which then holds the loop for longer than the budget (as the
    // expansion of a large rule did): the budget's timer is due before the answer is read.
    const answer = await new Promise<boolean>((resolve) =>
      setImmediate(() => {
        resolve(ruleYieldsWithin(threads, schedule('FREQ=WEEKLY;BYDAY=TU'), until));
        const held = Date.now();
        while (Date.now() - held < 2500);
      }),
    );
    expect(answer).toBe(true);
  });
});
