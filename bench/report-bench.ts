import 'reflect-metadata';
import { runMigrations } from '@app/database';
import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { Quarter } from '@app/domain/reports/quarter';
import { quarterFigureQueries } from '@app/domain/reports/quarter-figure-statements';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { generateReportBenchData, REPORT_BENCH_ORGANISATION } from './report-bench-data';
import { measureWriteCost } from './report-write-cost';

const USAGE = `Measures GET /v1/reports/quarterly for an organisation with 1,000,000 incidents, 300,000 lessons,
200,000 actions and 20,000 reflection sessions (target: p50 <= 250 ms on 2 cores).

  npm run build && node dist/bench/report-bench.js [--url postgres://…/leerlus_bench_report] [--runs 30]
                                                   [--until 2026-11-28T12:00:00Z] [--explain]
                                                   [--organisation <uuid>] [--write-cost [--writes 10000]]

  --url      benchmark database; created, migrated and filled on first use (a few minutes), reused after
  --runs     measured requests per case, after 3 warm-up requests (default 30)
  --until    "now" of the generated data (default: now); only used when the data is generated
  --explain  also print EXPLAIN (ANALYZE, BUFFERS) of every report statement
  --organisation  measure this organisation of an existing data set (e.g. one made by
             bench/generate-data.ts) instead of generating one; the database is migrated first
  --write-cost  only measure what the report's rollup triggers cost a write: --writes single-row
             INSERTs of incidents (half as many lessons and actions), triggers on and off, on one and
             on 8 connections, in a scratch database on the server of --url (dropped afterwards)`;

interface Case {
  label: string;
  path: string;
  accept?: string;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/leerlus_bench_report' },
      runs: { type: 'string', default: '30' },
      until: { type: 'string' },
      explain: { type: 'boolean', default: false },
      organisation: { type: 'string' },
      'write-cost': { type: 'boolean', default: false },
      writes: { type: 'string', default: '10000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const url = values.url as string;
  const log = (message: string) => console.log(`[report-bench] ${message}`);

  if (values['write-cost']) {
    console.table(await measureWriteCost(url, { incidents: Number(values.writes), connections: 8 }, log));
    return log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${cpus().length} cores`,
    );
  }
  await runMigrations(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    let [row] = (
      await client.query(
        'SELECT id FROM organisations WHERE name = $1 OR id::text = $2 ORDER BY id::text = $2 DESC LIMIT 1',
        [REPORT_BENCH_ORGANISATION, values.organisation ?? ''],
      )
    ).rows;
    if (values.organisation && row?.id !== values.organisation)
      throw new Error(`organisation ${values.organisation} is not in ${url}`);
    if (!row) {
      const until = values.until ?? new Date().toISOString();
      log(`generating data up to ${until} (once; the database is reused afterwards)`);
      await client.query('BEGIN');
      const id = await generateReportBenchData(
        client,
        { incidents: 1_000_000, lessons: 300_000, actions: 200_000, sessions: 20_000 },
        until,
        log,
      );
      await client.query('COMMIT');
      log('VACUUM ANALYZE (sets the visibility map, so index-only scans skip the heap)');
      await client.query('VACUUM ANALYZE');
      row = { id };
    }
    const organisationId = row.id as string;
    const counts = (
      await client.query(
        `SELECT (SELECT count(*) FROM incidents WHERE organisation_id = $1) AS incidents,
                (SELECT count(*) FROM lessons WHERE organisation_id = $1) AS lessons,
                (SELECT count(*) FROM actions WHERE organisation_id = $1) AS actions,
                (SELECT count(*) FROM reflection_sessions WHERE organisation_id = $1) AS sessions,
                (SELECT count(*) FROM audit_events WHERE organisation_id = $1) AS "auditEvents",
                (SELECT max(reported_at) FROM incidents WHERE organisation_id = $1) AS "lastIncident"`,
        [organisationId],
      )
    ).rows[0];
    log(`organisation ${organisationId}: ${JSON.stringify(counts)}`);

    // The latest closed quarter as of the data, and the running one.
    const running = Quarter.containing(new Date(counts.lastIncident));
    const closed = running.previous();
    const [{ chain }] = (
      await client.query('SELECT id AS chain FROM chains WHERE organisation_id = $1 ORDER BY name LIMIT 1', [
        organisationId,
      ])
    ).rows;

    if (values.explain) {
      // The same session settings as the report's transaction.
      await client.query("SET jit = off; SET work_mem = '32MB'");
      const queries = quarterFigureQueries(
        { organisationId, organisationName: '', chainId: null, chainName: null },
        closed,
        new Date(counts.lastIncident),
      );
      for (const { name, sql, parameters } of [...queries.figures, queries.triangles]) {
        const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters)).rows
          .map((r) => r['QUERY PLAN'] as string)
          .join('\n');
        console.log(`\n===== ${name} (${closed.label} and ${closed.previous().label}) =====\n${plan}`);
      }
      // EXPLAIN ANALYZE's own timing overhead is large for per-row work: time plain runs too.
      for (const { name, sql, parameters } of [...queries.figures, queries.triangles]) {
        const timings: number[] = [];
        for (let i = 0; i < 7; i++) {
          const started = performance.now();
          await client.query(sql, parameters);
          if (i >= 2) timings.push(performance.now() - started);
        }
        timings.sort((a, b) => a - b);
        log(
          `statement ${name}: median ${Math.round(percentile(timings, 0.5))} ms, min ${Math.round(timings[0])} ms of 5 runs`,
        );
      }
    }

    process.env.DATABASE_URL = url;
    process.env.LOG_LEVEL = 'silent';
    process.env.MIGRATE_ON_START = 'false';
    process.env.DATABASE_POOL_SIZE = '4';
    process.env.REDIS_PREFIX = `bench-report-${randomBytes(3).toString('hex')}`;
    // Imported late: the config is read from the environment set above.
    const { createApiApp } = await import('../apps/api/src/create-api-app');
    const app: INestApplication = await createApiApp();
    await app.listen(0, '127.0.0.1');
    try {
      const port = (app.getHttpServer().address() as AddressInfo).port;
      const token = await app.get(SystemAdminService).issueToken();
      const base = `http://127.0.0.1:${port}/v1/reports/quarterly?organisationId=${organisationId}`;
      const cases: Case[] = [
        {
          label: `${closed.label} (latest closed quarter), JSON`,
          path: `${base}&year=${closed.year}&quarter=${closed.quarter}`,
        },
        {
          label: `${running.label} (running quarter), JSON`,
          path: `${base}&year=${running.year}&quarter=${running.quarter}`,
        },
        {
          label: `${closed.label}, one chain, JSON`,
          path: `${base}&year=${closed.year}&quarter=${closed.quarter}&chainId=${chain}`,
        },
        {
          label: `${closed.label}, CSV`,
          path: `${base}&year=${closed.year}&quarter=${closed.quarter}`,
          accept: 'text/csv',
        },
        {
          label: `${closed.label}, HTML`,
          path: `${base}&year=${closed.year}&quarter=${closed.quarter}`,
          accept: 'text/html',
        },
      ];
      const runs = Number(values.runs);
      const results = [];
      for (const c of cases) {
        const headers = { Authorization: `Bearer ${token}`, Accept: c.accept ?? 'application/json' };
        const timings: number[] = [];
        for (let i = 0; i < runs + 3; i++) {
          const started = performance.now();
          const response = await fetch(c.path, { headers });
          const body = await response.text();
          if (response.status !== 200) throw new Error(`${c.label}: ${response.status} ${body}`);
          if (i >= 3) timings.push(performance.now() - started);
        }
        timings.sort((a, b) => a - b);
        const result = {
          case: c.label,
          runs,
          p50: Math.round(percentile(timings, 0.5)),
          p95: Math.round(percentile(timings, 0.95)),
          min: Math.round(timings[0]),
          max: Math.round(timings[timings.length - 1]),
        };
        results.push(result);
        log(
          `${result.case}: p50 ${result.p50} ms, p95 ${result.p95} ms (min ${result.min}, max ${result.max})`,
        );
      }
      console.table(results);
      // Other processes on the machine inflate these numbers: say how busy it was.
      log(
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} on ${cpus().length} cores`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await client.end();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
