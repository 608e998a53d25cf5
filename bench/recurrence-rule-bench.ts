import { computeOccurrences, RecurrenceSchedule } from '@app/domain/reflection/compute-occurrences';
import { DateTime } from 'luxon';
import { cliOptions, count, log } from './lib/cli';
import { percentile } from './lib/percentile';

const USAGE = `Measures the expansion of a series' recurrence rule (computeOccurrences) in this process, without a
database: for each rule, the two "is there a session" checks a create or rule change makes (the first
session within five years of firstStart, and the next from now on; limit 1) and a year of sessions
as the daily horizon job plans them. Each runs --rounds times; p50 and the slowest are printed.

  npm run build && node dist/bench/recurrence-rule-bench.js [--rounds 5] [--now 2026-12-01T00:00:00Z]

  --rounds  times each case runs (default 5)
  --now     the moment "now" stands for (default: the clock); firstStart is five years before it plus
            three days, the oldest start a series may have`;

interface Flags {
  rounds?: string;
  now?: string;
}

/** The black-box tester's rule (a lead's, 2026-11-30) first, then everyday rules to compare with. */
const RULES = [
  'FREQ=DAILY;COUNT=9999;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-1',
  'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-1',
  'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
  'FREQ=WEEKLY;BYDAY=MO',
];

function main(): void {
  const flags = cliOptions<Flags>(USAGE, { rounds: { type: 'string' }, now: { type: 'string' } });
  const rounds = count(flags.rounds, 5, 'rounds');
  const now = DateTime.fromISO(flags.now ?? new Date().toISOString(), { zone: 'Europe/Amsterdam' });
  if (!now.isValid) throw new Error('--now must be an ISO 8601 date-time');
  // A whole hour, as a lead would pick it.
  const firstStart = now
    .minus({ years: 5 })
    .plus({ days: 3 })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  log(`now ${now.toISO()}, firstStart ${firstStart.toISO()}, ${rounds} rounds`);
  for (const rrule of RULES) {
    const schedule: RecurrenceSchedule = {
      rrule,
      firstStart: firstStart.toJSDate(),
      timeZone: 'Europe/Amsterdam',
    };
    const cases: [string, Date, Date, number][] = [
      ['first session (limit 1)', firstStart.toJSDate(), firstStart.plus({ years: 5 }).toJSDate(), 1],
      ['next session from now (limit 1)', now.toJSDate(), now.plus({ years: 5 }).toJSDate(), 1],
      ['a year of sessions', now.toJSDate(), now.plus({ months: 12 }).toJSDate(), Infinity],
    ];
    for (const [name, from, until, limit] of cases) {
      const ms: number[] = [];
      let found = 0;
      for (let round = 0; round < rounds; round++) {
        const started = performance.now();
        found = computeOccurrences(schedule, from, until, limit).length;
        ms.push(performance.now() - started);
      }
      ms.sort((a, b) => a - b);
      const round = (n: number) => Math.round(n * 10) / 10;
      log(
        `${rrule} | ${name}: ${found} found, p50 ${round(percentile(ms, 50))} ms, max ${round(ms[ms.length - 1])} ms`,
      );
    }
  }
}

main();
