import { runMigrations } from '@app/database';
import { Client } from 'pg';
import { benchDatabaseUrl, dropDatabase } from './lib/bench-database';
import { percentile } from './lib/percentile';

/** The rollup triggers of each table (migration 1764460000000-report-rollups). */
const TRIGGERS: Record<string, string[]> = {
  incidents: ['incidents_report_insert', 'incidents_report_update'],
  lessons: ['lessons_report_insert'],
  actions: ['actions_report_insert'],
};

export interface WriteCostRow {
  write: string;
  triggers: 'on' | 'off';
  rows: number;
  connections: number;
  /** Median latency of one INSERT (its own transaction), from the client. */
  p50Ms: number;
  p95Ms: number;
  perSecond: number;
}

/**
 * What the report's rollup triggers cost a write: single-row INSERTs, each its own transaction as
 * the api does them, with the triggers on and off (ALTER TABLE ... DISABLE TRIGGER) in alternating
 * rounds, on one connection and on several at once (in the same organisation and chain, the worst
 * case for the counters). Runs in a scratch database on the same server, dropped afterwards.
 */
export async function measureWriteCost(
  serverUrl: string,
  options: { incidents: number; connections: number },
  log: (message: string) => void,
): Promise<WriteCostRow[]> {
  const url = benchDatabaseUrl(`leerlus_bench_write_cost_${process.pid}`, serverUrl);
  await dropDatabase(url);
  await runMigrations(url);
  const clients = await Promise.all(
    Array.from({ length: options.connections }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const [db] = clients;
  const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0];
  try {
    const { org } = await one(
      `INSERT INTO organisations (name, kind) VALUES ('Schrijfkosten', 'ministerie') RETURNING id AS org`,
    );
    const { person } = await one(
      `INSERT INTO people (organisation_id, name, email, access_role) VALUES ($1, 'Medewerker', 'schrijf@example.nl', 'member') RETURNING id AS person`,
      [org],
    );
    const { chain } = await one(
      `INSERT INTO chains (organisation_id, name) VALUES ($1, 'Keten') RETURNING id AS chain`,
      [org],
    );
    const severities = ['low', 'medium', 'high', 'critical'];
    const sources = ['complaint', 'staff', 'partner', 'media'];
    let n = 0;
    const writes: Record<string, (client: Client) => Promise<unknown>> = {
      incidents: (client) => {
        n += 1;
        return client.query(
          `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at, reported_by_id,
             severity, public_attention, source, cause_level, tags)
           VALUES ($1, $2, $3, $4, now(), now(), $5, $6, 'local', $7, 'implementation', '{toeslagen,brieven}')`,
          [
            org,
            chain,
            `Brief met verkeerd bedrag ${n}`,
            `Burgers in gemeente ${n % 300} kregen een brief met een verkeerd bedrag; zaak Z-2026-${n}.`,
            person,
            severities[n % 4],
            sources[n % 4],
          ],
        );
      },
      lessons: (client) =>
        client.query(
          `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id)
           VALUES ($1, $2, 'incident', $3, 'Controleer bedragen', 'contractor', $4)`,
          [org, chain, incidentIds[(n += 1) % incidentIds.length], person],
        ),
      actions: (client) =>
        client.query(
          `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, created_by_id)
           VALUES ($1, $2, 'incident', gen_random_uuid(), 'Bedragen nalopen', $3, current_date + 30, $3)`,
          [org, chain, person],
        ),
    };

    let incidentIds: string[] = [];
    const rows: WriteCostRow[] = [];
    const measure = async (write: string, count: number, connections: number) => {
      const timings: Record<'on' | 'off', number[]> = { on: [], off: [] };
      const elapsed = { on: 0, off: 0 };
      // Alternating rounds, so that a growing table and a warming cache weigh on both alike.
      const rounds = 5;
      for (let round = 0; round < rounds * 2; round++) {
        const state = round % 2 === 0 ? 'off' : 'on';
        // Planner statistics as a live database has them (autovacuum may lag behind this load).
        await db.query('ANALYZE');
        for (const trigger of TRIGGERS[write])
          await db.query(
            `ALTER TABLE ${write} ${state === 'on' ? 'ENABLE ALWAYS' : 'DISABLE'} TRIGGER ${trigger}`,
          );
        const perConnection = Math.ceil(count / rounds / connections);
        const started = performance.now();
        await Promise.all(
          clients.slice(0, connections).map(async (client) => {
            for (let i = 0; i < perConnection; i++) {
              const at = performance.now();
              await writes[write](client);
              timings[state].push(performance.now() - at);
            }
          }),
        );
        elapsed[state] += performance.now() - started;
      }
      for (const state of ['off', 'on'] as const) {
        const sorted = timings[state].sort((a, b) => a - b);
        const row: WriteCostRow = {
          write: `INSERT INTO ${write}`,
          triggers: state,
          rows: sorted.length,
          connections,
          p50Ms: Math.round(percentile(sorted, 50) * 100) / 100,
          p95Ms: Math.round(percentile(sorted, 95) * 100) / 100,
          perSecond: Math.round((sorted.length / elapsed[state]) * 1000),
        };
        rows.push(row);
        log(
          `${row.write}, triggers ${state}, ${connections} connection(s): p50 ${row.p50Ms} ms, p95 ${row.p95Ms} ms, ${row.perSecond}/s`,
        );
      }
    };
    await measure('incidents', options.incidents, 1);
    await measure('incidents', options.incidents, options.connections);
    const { pending } = await one('SELECT count(*)::int AS pending FROM report_count_deltas');
    log(`${pending} increments pending after the concurrent rounds (the next writer folds them)`);
    incidentIds = (await db.query('SELECT id FROM incidents ORDER BY reported_at DESC LIMIT 5000')).rows.map(
      (row: { id: string }) => row.id,
    );
    await measure('lessons', options.incidents / 2, 1);
    await measure('actions', options.incidents / 2, 1);
    return rows;
  } finally {
    await Promise.all(clients.map((client) => client.end()));
    await dropDatabase(url);
  }
}
