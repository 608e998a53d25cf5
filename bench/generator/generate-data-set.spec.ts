import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hashToken } from '@app/domain/governance/token-secret';
import { benchDatabaseUrl, dropDatabase, readMarker } from '../lib/bench-database';
import { SeededRandom } from '../lib/seeded-random';
import { generateDataSet, GenerateResult } from './generate-data-set';
import { issueBenchContext } from './issue-bench-context';

// Runs the real generator on a small size against the local Postgres (as the integration tests do).
const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = benchDatabaseUrl(`leerlus_bench_spec_${randomBytes(4).toString('hex')}`, base);
const anchor = new Date('2026-03-16T00:00:00Z');
const generate = () =>
  generateDataSet({
    url,
    incidents: 3000,
    seed: 'spec',
    anchor,
    fresh: true,
    concurrency: 2,
    log: () => undefined,
  });

describe('generateDataSet', () => {
  let result: GenerateResult;
  let db: Client;
  const one = async <T = any>(sql: string, params: unknown[] = []): Promise<T> =>
    (await db.query(sql, params)).rows[0] as T;

  beforeAll(async () => {
    result = await generate();
    db = new Client({ connectionString: url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await dropDatabase(url);
  });

  it('loads every table in the proportions the README promises', () => {
    const c = result.marker.counts;
    expect(c.organisations).toBe(4);
    expect(c.chains).toBe(50);
    expect(c.incidents).toBe(3000);
    expect(c.lessons / c.incidents).toBeGreaterThan(0.22);
    expect(c.lessons / c.incidents).toBeLessThan(0.4);
    expect(c.actions / c.incidents).toBeGreaterThan(0.14);
    expect(c.actions / c.incidents).toBeLessThan(0.28);
    expect(c.reflection_sessions).toBe(60);
    expect(c.agenda_items).toBeGreaterThan(0);
    expect(c.notifications).toBeGreaterThan(0);
    expect(c.best_practices).toBe(20);
  });

  it('gives every chain a full triangle', async () => {
    const incomplete = await one<{ n: string }>(`
      SELECT count(*) AS n FROM chains c WHERE (
        SELECT count(DISTINCT role) FROM role_assignments r WHERE r.chain_id = c.id AND r.valid_to IS NULL) < 3`);
    expect(Number(incomplete.n)).toBe(0);
  });

  it('writes plausible incidents', async () => {
    const row = await one(
      `
      SELECT count(DISTINCT severity) AS severities, count(DISTINCT status) AS statuses,
             count(DISTINCT public_attention) AS attention, count(DISTINCT source) AS sources,
             avg((confidentiality = 'confidential')::int) AS confidential,
             bool_and(reported_at < $1) AS before_anchor,
             bool_and(reported_at > $1::timestamptz - interval '3 years 10 days') AS within_three_years,
             bool_and(occurred_at <= reported_at) AS occurred_first,
             bool_and((closed_at IS NOT NULL) = (status = 'closed')) AS closed_consistent,
             bool_and(cardinality(tags) >= 1) AS tagged,
             avg((organisation_id = $2)::int) AS main_share
        FROM incidents`,
      [anchor, result.context.organisationId],
    );
    expect(row).toMatchObject({
      severities: '4',
      statuses: '4',
      attention: '4',
      sources: '8',
      before_anchor: true,
      within_three_years: true,
      occurred_first: true,
      closed_consistent: true,
      tagged: true,
    });
    expect(Number(row.confidential)).toBeGreaterThan(0.02);
    expect(Number(row.confidential)).toBeLessThan(0.09);
    expect(Number(row.main_share)).toBeGreaterThan(0.8);
  });

  it('makes Dutch search and title similarity selective, as on real data', async () => {
    const search = await one<{ n: string }>(
      `SELECT count(*) AS n FROM incidents WHERE search @@ leerlus_search_query('huurtoeslag')`,
    );
    expect(Number(search.n)).toBeGreaterThan(30);
    expect(Number(search.n)).toBeLessThan(1500);
    const similar = await one<{ n: string }>(
      `SELECT count(*) AS n FROM incidents
        WHERE similarity(leerlus_unaccent(lower(title)), leerlus_unaccent(lower('Datalek bij DigiD-inlog'))) > 0.5`,
    );
    expect(Number(similar.n)).toBeGreaterThan(0);
  });

  it('writes incidents in time order, as a register grows', async () => {
    const row = await one(
      `SELECT correlation FROM pg_stats WHERE tablename = 'incidents' AND attname = 'reported_at'`,
    );
    expect(Number(row.correlation)).toBeGreaterThan(0.95);
  });

  it('derives ids from the seed the same way in TypeScript and in SQL', async () => {
    const id = new SeededRandom('spec').uuid('incident', 1);
    expect(await one(`SELECT count(*)::int AS n FROM incidents WHERE id = $1`, [id])).toEqual({ n: 1 });
  });

  it('rebuilds the secondary indexes it dropped for the load', async () => {
    const names = (await db.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'incidents'`)).rows.map(
      (row) => row.indexname,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'incidents_search_idx',
        'incidents_org_reported_idx',
        'incidents_org_status_idx',
      ]),
    );
  });

  it('issues working tokens for an admin, a lead and a member of the main organisation', async () => {
    const { tokens } = result.context;
    for (const [role, person] of Object.entries(tokens)) {
      const row = await one(
        `SELECT p.access_role, p.organisation_id FROM api_tokens t JOIN people p ON p.id = t.person_id
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
        [hashToken(person.token)],
      );
      expect(row).toEqual({ access_role: role, organisation_id: result.context.organisationId });
    }
    expect(result.context.chainIds).toHaveLength(35);
    expect(result.context.searchTerms.some((term) => /^Z-\d{4}-\d{7}$/.test(term))).toBe(true);
    expect(result.context.incidentIds.length).toBeGreaterThan(100);
  });

  it('marks the database, and a reused database gets fresh tokens', async () => {
    const marker = await readMarker(url);
    expect(marker).toMatchObject({ seed: 'spec', incidents: 3000, anchor: anchor.toISOString() });
    const context = await issueBenchContext(db, 'x', marker!);
    const old = await one(`SELECT revoked_at FROM api_tokens WHERE token_hash = $1`, [
      hashToken(result.context.tokens.lead.token),
    ]);
    expect(old.revoked_at).not.toBeNull();
    expect(context.tokens.lead.token).not.toBe(result.context.tokens.lead.token);
  });

  it('produces the same data from the same seed', async () => {
    const fingerprint = async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(`
          SELECT (SELECT md5(string_agg(i::text, '' ORDER BY id)) FROM incidents i) AS incidents,
                 (SELECT md5(string_agg(l::text, '' ORDER BY id)) FROM lessons l) AS lessons,
                 (SELECT md5(string_agg(a::text, '' ORDER BY id)) FROM actions a) AS actions,
                 (SELECT md5(string_agg(s::text, '' ORDER BY id)) FROM reflection_sessions s) AS sessions,
                 (SELECT md5(string_agg(n::text, '' ORDER BY id)) FROM notifications n) AS notifications`);
        return rows[0];
      } finally {
        await client.end();
      }
    };
    const before = await fingerprint();
    await db.end();
    await generate();
    db = new Client({ connectionString: url });
    await db.connect();
    expect(await fingerprint()).toEqual(before);
  });
});
