import 'reflect-metadata';
import { runMigrations } from '@app/database';
import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { benchDatabaseUrl, dropDatabase } from './lib/bench-database';
import { cliOptions, count, log } from './lib/cli';

const USAGE = `Times typical PATCHes of a reflection series through the api (in this process, on a fresh
database) and counts the SQL statements each sends: a series with a year of sessions (daily: about
365, weekly: about 52) and M invitees, reminders planned for the sessions within the notice window.
Each PATCH is made on a series of its own, created just before, so each starts from the same state.

  npm run bench:series-edit -- --invitees 50 --rules daily,weekly
  node dist/bench/series-edit-bench.js --invitees 10 --rounds 3

  --invitees  participants of the series besides the chair and a chain's triangle (default 20)
  --rules     daily, weekly or both, comma-separated (default daily,weekly)
  --rounds    times each PATCH is made (on a new series each time); the median is shown (default 1)
  --database  database name (default leerlus_bench_series_edit; dropped and created afresh)
  --keep      keep the database afterwards`;

interface Flags {
  invitees?: string;
  rules?: string;
  rounds?: string;
  database?: string;
  keep?: boolean;
}

const RULES: Record<string, { rrule: string; changed: string }> = {
  daily: { rrule: 'FREQ=DAILY', changed: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR' },
  weekly: { rrule: 'FREQ=WEEKLY;BYDAY=MO', changed: 'FREQ=WEEKLY;BYDAY=TU' },
};

interface Fixture {
  http: TestAgent;
  db: DataSource;
  token: string;
  chairId: string;
  participantIds: string[];
  otherChainId: string;
  chainId: string;
}

type Patch = (f: Fixture, series: Record<string, any>) => Record<string, unknown>;

const PATCHES: [string, Patch][] = [
  ['title', () => ({ title: 'Reflectie ketenteam (gewijzigd)' })],
  [
    'time of day (firstStart + 1 h)',
    (_, s) => ({ firstStart: new Date(new Date(s.firstStart).getTime() + 3_600_000).toISOString() }),
  ],
  ['rrule', (_, s) => ({ rrule: Object.values(RULES).find((r) => r.rrule === s.rrule)?.changed })],
  ['agendaLeadTime', () => ({ agendaLeadTime: 'P2D' })],
  ['reminderOffsets', () => ({ reminderOffsets: ['P1D', 'PT1H'] })],
  ['participantIds (one off)', (f) => ({ participantIds: f.participantIds.slice(1) })],
  ['chainId', (f) => ({ chainId: f.otherChainId })],
  ['active false (stop)', () => ({ active: false })],
];

/** Every statement the api's connections send is counted here (as test/support/record-sent-queries). */
let statements = 0;
function countStatements(): void {
  const query = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: unknown[]) {
    statements += 1;
    return (query as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  } as typeof query;
}

async function main(): Promise<void> {
  const flags = cliOptions<Flags>(USAGE, {
    invitees: { type: 'string' },
    rules: { type: 'string' },
    rounds: { type: 'string' },
    database: { type: 'string' },
    keep: { type: 'boolean' },
  });
  const invitees = count(flags.invitees, 20, 'invitees');
  const rounds = count(flags.rounds, 1, 'rounds');
  const rules = (flags.rules ?? 'daily,weekly').split(',').map((r) => r.trim());
  for (const rule of rules) if (!RULES[rule]) throw new Error(`--rules: unknown rule "${rule}"`);
  const database = flags.database ?? 'leerlus_bench_series_edit';
  const url = benchDatabaseUrl(database);
  log(`load average ${loadavg()[0].toFixed(2)}; database ${database}`);
  await dropDatabase(url);
  await runMigrations(url);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '5',
    REDIS_PREFIX: `leerlus-bench-series-${randomBytes(4).toString('hex')}`,
    MAIL_DIR: `var/bench-mail/${database}`,
  });
  countStatements();
  // Required after the environment is set: the api's modules read it when loaded.
  const { ApiModule } = await import('../apps/api/src/api.module');
  const { configureApp } = await import('../apps/api/src/http/configure-app');
  const app: INestApplication = await NestFactory.create(ApiModule, { bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  try {
    const fixture = await setUp(app, invitees);
    const results: {
      rule: string;
      patch: string;
      sessions: number;
      reminders: number;
      ms: number;
      statements: number;
    }[] = [];
    for (const rule of rules) {
      for (const [name, patch] of PATCHES) {
        const runs: { ms: number; statements: number; sessions: number; reminders: number }[] = [];
        for (let round = 0; round < rounds; round += 1) {
          const series = await createSeries(fixture, RULES[rule].rrule);
          const [{ sessions, reminders }] = await fixture.db.query(
            `SELECT (SELECT count(*) FROM reflection_sessions WHERE series_id = $1)::int AS sessions,
               (SELECT count(*) FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id
                WHERE s.series_id = $1 AND n.status = 'pending')::int AS reminders`,
            [series.id],
          );
          const before = statements;
          const started = process.hrtime.bigint();
          await fixture.http
            .patch(`/v1/reflection-series/${series.id}`)
            .set({ Authorization: `Bearer ${fixture.token}` })
            .send({ ...patch(fixture, series), version: series.version })
            .expect(200);
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          runs.push({ ms, statements: statements - before, sessions, reminders });
        }
        runs.sort((a, b) => a.ms - b.ms);
        const median = runs[Math.floor(runs.length / 2)];
        results.push({ rule, patch: name, ...median });
        log(`${rule} ${name}: ${median.ms.toFixed(0)} ms, ${median.statements} statements`);
      }
    }
    console.log(
      `\n${invitees} participants (+ chair and a chain's triangle of 3), median of ${rounds} round(s)\n`,
    );
    console.log('| rule | PATCH | sessions | pending messages | ms | SQL statements |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const r of results)
      console.log(
        `| ${r.rule} | ${r.patch} | ${r.sessions} | ${r.reminders} | ${r.ms.toFixed(0)} | ${r.statements} |`,
      );
  } finally {
    await app.close();
    if (!flags.keep) await dropDatabase(url);
  }
}

/** An organisation, its lead, `invitees` members and two chains with a triangle each. */
async function setUp(app: INestApplication, invitees: number): Promise<Fixture> {
  const http = request(app.getHttpServer());
  const system = await app.get(SystemAdminService).issueToken();
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const organisation = await http
    .post('/v1/organisations')
    .set(auth(system))
    .send({ name: 'Uitvoeringsorganisatie', kind: 'ministerie' })
    .expect(201);
  const person = async (name: string, accessRole: string, token: string, organisationId?: string) => {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.nl`;
    const created = await http
      .post('/v1/people')
      .set(auth(token))
      .send({ name, accessRole, email, organisationId })
      .expect(201);
    return created.body.id as string;
  };
  const adminId = await person('Anna Admin', 'admin', system, organisation.body.id);
  const adminToken = (
    await http.post(`/v1/people/${adminId}/tokens`).set(auth(system)).send({ name: 'bench' }).expect(201)
  ).body.token as string;
  const chairId = await person('Lars Leidinggevende', 'lead', adminToken);
  const participantIds: string[] = [];
  for (let i = 1; i <= invitees; i += 1)
    participantIds.push(await person(`Deelnemer ${i}`, 'member', adminToken));
  const chain = async (n: number) => {
    const created = await http
      .post('/v1/chains')
      .set(auth(adminToken))
      .send({ name: `Keten ${n}` })
      .expect(201);
    for (const role of ['owner', 'commissioner', 'contractor'])
      await http
        .post(`/v1/chains/${created.body.id}/role-assignments`)
        .set(auth(adminToken))
        .send({ role, personId: await person(`${role} ${n}`, 'member', adminToken), validFrom: '2020-01-01' })
        .expect(201);
    return created.body.id as string;
  };
  return {
    http,
    db: app.get(DataSource),
    token: adminToken,
    chairId,
    participantIds,
    chainId: await chain(1),
    otherChainId: await chain(2),
  };
}

async function createSeries(f: Fixture, rrule: string): Promise<Record<string, any>> {
  // Tomorrow at 10:00 UTC, a whole second: the sessions of the first 64 days get their reminders.
  const start = new Date(Date.now() + 86_400_000);
  start.setUTCHours(10, 0, 0, 0);
  const created = await f.http
    .post('/v1/reflection-series')
    .set({ Authorization: `Bearer ${f.token}` })
    .send({
      title: 'Reflectie ketenteam',
      kind: 'chain',
      chainId: f.chainId,
      chairId: f.chairId,
      participantIds: f.participantIds,
      rrule,
      firstStart: start.toISOString(),
      durationMinutes: 60,
      reminderOffsets: ['P1D'],
      skipPublicHolidays: false,
    })
    .expect(201);
  return created.body;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
