import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

type Page = { items: { id: string }[]; total: number; totalCapped: boolean };

/**
 * A search finds its newest matches either by walking the incidents newest first or, for rare
 * words, from the dated word index (RUM, migration 1764600000000), whichever the planner's
 * estimates say is cheaper (readsNewestFromWordIndex). Both must give exactly the same pages.
 * The word index orders by time alone, so the data has matches reported at the same moment right
 * at the edge of the ranked window, where the walk orders them by id.
 *
 * The index needs PostgreSQL's rum extension; where the server has none these tests say so and
 * are skipped (`.ci/run` installs it on Debian).
 */
describe('incident search through the dated word index', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let rum = false;
  const sent: string[] = [];

  const page = async (query: string, token: string) => {
    sent.length = 0;
    return (await t.http.get(`/v1/incidents?${query}`).set(bearer(token)).expect(200)).body as Page;
  };
  const readWordIndex = () => sent.some((sql) => sql.includes('<=|'));

  /** Every page of each search, as the lead and as the member, with the way each was read. */
  const everything = async () => {
    const seen: { query: string; role: string; page: Page; wordIndex: boolean }[] = [];
    for (const query of [
      'q=stikstof',
      'q=stikstof&severity=high',
      `q=stikstof&chainId=${chainId}`,
      'q=melding',
    ])
      for (const role of ['lead', 'member'] as const)
        for (const [n, size] of [
          [1, 20],
          [10, 20],
          [11, 20],
          [2, 100],
          [3, 100],
          [14, 20],
        ]) {
          const found = await page(`${query}&page=${n}&pageSize=${size}`, org[role].token);
          seen.push({
            query: `${query}&page=${n}&pageSize=${size}`,
            role,
            page: found,
            wordIndex: readWordIndex(),
          });
        }
    return seen;
  };

  beforeAll(async () => {
    const query = PostgresQueryRunner.prototype.query;
    jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (
      this: PostgresQueryRunner,
      sql: string,
      ...rest: unknown[]
    ) {
      sent.push(sql);
      return (query as (...args: unknown[]) => Promise<unknown>).call(this, sql, ...rest);
    } as typeof query);
    t = await startTestApp();
    [{ rum }] = await t.db.query(
      `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') AS rum`,
    );
    if (!rum) console.warn('PostgreSQL has no rum extension here: the dated word index is not tested.');
    org = await createOrganisation(t.http, t.systemToken);
    const other = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Vergunningen' }))
      .body.id;
    const otherChain = (
      await t.http.post('/v1/chains').set(bearer(other.admin.token)).send({ name: 'Natuur' })
    ).body.id;
    // 3,000 reports an hour apart (n = 1 newest); every tenth of the newest 2,600 is about a
    // nitrogen permit: 260 matches. Matches 190–215 were reported at one and the same moment, so
    // the window's edge (200 + 1) falls among them. Every seventh match is confidential, reported
    // by the lead: the member does not see those. Every third is severe.
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                              reported_by_id, severity, public_attention, source, confidentiality, status)
       SELECT $1, $2, CASE WHEN m IS NULL THEN 'Melding ' || n ELSE 'Stikstofvergunning vertraagd ' || m END,
              'Melding van de balie.', at, at,
              CASE WHEN m % 7 = 0 THEN $3::uuid ELSE $4::uuid END,
              CASE WHEN m % 3 = 0 THEN 'high' ELSE 'low' END, 'none', 'staff',
              CASE WHEN m % 7 = 0 THEN 'confidential' ELSE 'internal' END, 'reported'
       FROM generate_series(1, 3000) AS n,
            LATERAL (SELECT CASE WHEN n % 10 = 0 AND n <= 2600 THEN n / 10 END AS m) AS match,
            LATERAL (SELECT CASE WHEN m BETWEEN 190 AND 215 THEN timestamptz '2026-06-01T12:00:00Z' - 1900 * interval '1 hour'
                                 ELSE timestamptz '2026-06-01T12:00:00Z' - n * interval '1 hour' END AS at) AS time`,
      [org.organisationId, chainId, org.lead.id, org.member.id],
    );
    // The same word in another organisation, newer than all of them: never shown.
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                              reported_by_id, severity, public_attention, source, confidentiality, status)
       SELECT $1, $2, 'Stikstofvergunning ' || n, '', now(), now(), $3, 'low', 'none', 'staff', 'internal', 'reported'
       FROM generate_series(1, 50) AS n`,
      [other.organisationId, otherChain, other.member.id],
    );
    // The planner's statistics, as autovacuum keeps them (the estimates come from them).
    await t.db.query(`ANALYZE incidents`);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  it('is created by the migrations where PostgreSQL has the rum extension', async () => {
    if (!rum) return;
    const [index] = await t.db.query(
      `SELECT x.indisvalid AS valid, am.amname AS method FROM pg_index x
         JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam
       WHERE x.indexrelid = to_regclass('incidents_search_dated_idx')`,
    );
    expect(index).toEqual({ valid: true, method: 'rum' });
  });

  it('estimates a search, and the least common of its words', async () => {
    const [rare] = await t.db.query(
      `SELECT * FROM leerlus_search_estimate('incidents', leerlus_search_query('stikstofvergunning'))`,
    );
    const [both] = await t.db.query(
      `SELECT * FROM leerlus_search_estimate('incidents', leerlus_search_query('stikstofvergunning melding'))`,
    );
    expect(Number(rare.matches)).toBeGreaterThan(250);
    expect(Number(rare.matches)).toBeLessThan(400);
    expect(rare.shortest_list).toBe(rare.matches);
    // "melding" is in every incident: the least common word of the two is still the permit.
    expect(Number(both.shortest_list)).toBe(Number(rare.matches));
  });

  it('gives exactly the pages the walk by date gives, ties at the window edge and hidden incidents included', async () => {
    const withIndex = await everything();
    if (rum) {
      // The rare word from the word index, the word in every incident by walking.
      expect(
        withIndex.filter((s) => s.query.startsWith('q=stikstof&page=1&')).map((s) => s.wordIndex),
      ).toEqual([true, true]);
      expect(withIndex.filter((s) => s.query.startsWith('q=melding')).every((s) => !s.wordIndex)).toBe(true);
      await t.db.query(`DROP INDEX incidents_search_dated_idx`);
    }
    const walked = await everything();
    expect(walked.every((s) => !s.wordIndex)).toBe(true);
    expect(withIndex.map(({ query, role, page }) => ({ query, role, page }))).toEqual(
      walked.map(({ query, role, page }) => ({ query, role, page })),
    );
    // The data does what it says: the member misses the confidential matches, and every match
    // comes once over the pages.
    const all = (role: string) =>
      walked
        .filter(
          (s) => s.role === role && s.query.startsWith('q=stikstof&') && s.query.endsWith('pageSize=100'),
        )
        .flatMap((s) => s.page.items.map((i) => i.id));
    const lead = [
      ...(await page('q=stikstof&pageSize=100', org.lead.token)).items.map((i) => i.id),
      ...all('lead'),
    ];
    expect(new Set(lead).size).toBe(260);
    const member = [
      ...(await page('q=stikstof&pageSize=100', org.member.token)).items.map((i) => i.id),
      ...all('member'),
    ];
    expect(new Set(member).size).toBe(260 - Math.floor(260 / 7));
  });
});
