import { readFileSync } from 'node:fs';
import { BenchContext } from './lib/bench-context';
import { cliOptions, count } from './lib/cli';
import { percentile } from './lib/percentile';

const USAGE = `Asks a running api for every list of the register in many variants (each sort in both
directions, on page 1 and page 30 or 50, each filter), as a member and as a lead, one request at a
time, and prints the slowest by median: what one user waits for, where the HTTP benchmark's
scenarios measure a few requests under load.

  npm run build && node dist/bench/list-sweep.js --context bench/results/leerlus_bench_1m.context.json \\
    --base-url http://127.0.0.1:3000 [--repeat 3] [--top 40] [--only lessons]

  --context   the generated database's context file (tokens and ids)
  --base-url  the api to ask
  --repeat    requests per variant; the median is shown (default 3)
  --top       how many of the slowest to print (default 40)
  --only      only the paths that contain this text`;

interface Flags {
  context?: string;
  'base-url'?: string;
  repeat?: string;
  top?: string;
  only?: string;
}

/** The list requests, as paths without the page size (20 is added). */
function variants(context: BenchContext): string[] {
  const chainId = context.chainIds[0];
  const teamId = context.teamIds[0];
  const bothWays = (keys: string[]) => keys.flatMap((key) => [key, `-${key}`]);
  const sorted = (list: string, keys: string[], deepPage: number) =>
    bothWays(keys).flatMap((sort) => [`${list}?sort=${sort}`, `${list}?sort=${sort}&page=${deepPage}`]);
  const filtered = (list: string, filters: string[]) => filters.map((filter) => `${list}?${filter}`);
  return [
    ...sorted(
      '/v1/incidents',
      ['reportedAt', 'occurredAt', 'severity', 'publicAttention', 'title', 'status'],
      50,
    ),
    ...filtered('/v1/incidents', [
      'severity=critical',
      'status=reported',
      'publicAttention=parliamentary',
      'causeLevel=politics',
      'source=media',
      'confidentiality=confidential',
      'recurrence=true',
      'tag=toeslagen',
      'tag=datalek',
      `chainId=${chainId}`,
      `teamId=${teamId}`,
      'reportedFrom=2026-01-01&reportedTo=2026-02-01',
      `chainId=${chainId}&sort=-severity&page=20`,
    ]),
    ...sorted('/v1/lessons', ['createdAt', 'validatedAt', 'recheckAt', 'title', 'status'], 30),
    ...filtered('/v1/lessons', [
      'status=validated',
      'addressedRole=owner',
      'sourceType=best-practice',
      `chainId=${chainId}`,
      'q=Zwolle',
    ]),
    ...sorted('/v1/actions', ['dueDate', 'createdAt', 'updatedAt'], 30),
    ...filtered('/v1/actions', ['overdue=true', 'status=open', `chainId=${chainId}`]),
    '/v1/best-practices',
    '/v1/best-practices?page=20',
    '/v1/people',
    '/v1/people?page=50',
    '/v1/notifications',
    '/v1/notifications?page=100',
    '/v1/audit-events',
    '/v1/audit-events?page=100',
    '/v1/reflection-series',
    '/v1/agenda-items',
    '/v1/agenda-items?page=50',
    '/v1/themes',
  ];
}

async function main(): Promise<void> {
  const flags = cliOptions<Flags>(USAGE, {
    context: { type: 'string' },
    'base-url': { type: 'string' },
    repeat: { type: 'string' },
    top: { type: 'string' },
    only: { type: 'string' },
  });
  if (!flags.context || !flags['base-url'])
    throw new Error(`--context and --base-url are needed\n\n${USAGE}`);
  const context = JSON.parse(readFileSync(flags.context, 'utf8')) as BenchContext;
  const repeat = count(flags.repeat, 3, 'repeat');
  const rows: { ms: number; role: string; status: number; path: string }[] = [];
  for (const role of ['member', 'lead'] as const)
    for (const path of variants(context).filter((p) => !flags.only || p.includes(flags.only))) {
      const url = `${flags['base-url']}${path}${path.includes('?') ? '&' : '?'}pageSize=20`;
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < repeat; i++) {
        const started = performance.now();
        const response = await fetch(url, {
          headers: { Authorization: `Bearer ${context.tokens[role].token}` },
        });
        await response.arrayBuffer();
        times.push(performance.now() - started);
        status = response.status;
      }
      rows.push({
        ms: percentile(
          times.sort((a, b) => a - b),
          50,
        ),
        role,
        status,
        path,
      });
    }
  rows.sort((a, b) => b.ms - a.ms);
  for (const row of rows.slice(0, count(flags.top, 40, 'top')))
    console.log(`${row.ms.toFixed(1).padStart(8)} ms  ${row.role.padEnd(6)} ${row.status}  ${row.path}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
