import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { recordSentQueries, SentQuery } from './support/record-sent-queries';
import { startTestApp, TestApp } from './support/test-app';

type Page = { items: { id: string }[]; total: number; totalCapped: boolean };

/** Pages (number, size) about the window's edge (the 201st match), and past it, of each search. */
const PAGES = [
  [1, 20],
  [8, 20],
  [10, 20],
  [11, 20],
  [12, 20],
  [1, 100],
  [2, 100],
  [3, 100],
  [4, 100],
  [14, 20],
];

/** These need the dated word indexes, which exist where PostgreSQL has the rum extension. */
const withRum = process.env.LEERLUS_TEST_RUM === '1' ? it : it.skip;

/**
 * A search finds its newest matches either by walking the register newest first or, for rare
 * words, from its dated word index (RUM, migrations 1764600000000 and 1764610000000), whichever
 * the planner's estimates say is cheaper (readsNewestFromWordIndex). Both must give exactly the
 * same pages, for incidents and for lessons.
 * The word index orders by time alone, to some 30 µs, so the data has 101 matches reported within
 * 21 µs across the ranked window's edge for each caller, where the walk orders them by time and id.
 */
describe('incident and lesson search through the dated word indexes', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  const sent: SentQuery[] = [];

  const page = async (query: string, token: string) => {
    sent.length = 0;
    return (await t.http.get(`/v1/incidents?${query}`).set(bearer(token)).expect(200)).body as Page;
  };
  // The page statement ordering by the word index's distance (the search text's lookup only names the operator).
  const byWordIndex = () => sent.find(({ sql }) => /ORDER BY "i"\."reported_at" <=\| CAST/.test(sql));

  /** Pages of each search (about the window's edge, and past it) for each caller, with the way each was read. */
  const everything = async () => {
    const callers = { lead: org.lead.token, member: org.member.token };
    const seen: { request: string; page: Page; wordIndex: boolean }[] = [];
    for (const query of [
      'q=stikstof',
      'q=stikstof&severity=high',
      `q=stikstof&chainId=${chainId}`,
      'q=melding',
    ])
      for (const [caller, token] of Object.entries(callers))
        for (const [n, size] of PAGES) {
          const request = `${caller} ${query}&page=${n}&pageSize=${size}`;
          const found = await page(`${query}&page=${n}&pageSize=${size}`, token);
          seen.push({ request, page: found, wordIndex: byWordIndex() !== undefined });
        }
    return seen;
  };

  beforeAll(async () => {
    recordSentQueries(sent);
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    const other = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Vergunningen' }))
      .body.id;
    const otherChain = (
      await t.http.post('/v1/chains').set(bearer(other.admin.token)).send({ name: 'Natuur' })
    ).body.id;
    // 30,000 reports an hour apart (n = 1 newest); every tenth of the newest 26,000 is about a
    // nitrogen permit: 2,600 matches, m = 1..2,600 (more than the planner's own choice is left
    // to, see readsNewestFromWordIndex). Matches 145–245 were reported within 21 µs, four
    // at a time at the same microsecond (closer than the word index's order can tell apart): the
    // window's edge (the 201st match) falls among them for the lead (m = 201), the member (who
    // does not see every seventh, confidential and reported by the lead: m = 234). Every third is
    // severe.
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                              reported_by_id, severity, public_attention, source, confidentiality, status)
       SELECT $1, $2, CASE WHEN m IS NULL THEN 'Melding ' || n ELSE 'Stikstofvergunning vertraagd ' || m END,
              'Melding van de balie.', at, at,
              CASE WHEN m % 7 = 0 THEN $3::uuid ELSE $4::uuid END,
              CASE WHEN m % 3 = 0 THEN 'high' ELSE 'low' END, 'none', 'staff',
              CASE WHEN m % 7 = 0 THEN 'confidential' ELSE 'internal' END, 'reported'
       FROM generate_series(1, 30000) AS n,
            LATERAL (SELECT CASE WHEN n % 10 = 0 AND n <= 26000 THEN n / 10 END AS m) AS match,
            LATERAL (SELECT CASE WHEN m BETWEEN 145 AND 245 THEN timestamptz '2026-06-01T12:00:00Z' - 1900 * interval '1 hour'
                                                                 + (m % 4) * interval '7 microseconds'
                                 ELSE timestamptz '2026-06-01T12:00:00Z' - n * interval '1 hour' END AS at) AS time`,
      [org.organisationId, chainId, org.lead.id, org.member.id],
    );
    // The same word in another organisation, newer than all of them: nobody here sees them.
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                              reported_by_id, severity, public_attention, source, confidentiality, status)
       SELECT $1, $2, 'Stikstofvergunning ' || n, '', now(), now(), $3, 'low', 'none', 'staff', 'internal', 'reported'
       FROM generate_series(1, 50) AS n`,
      [other.organisationId, otherChain, other.member.id],
    );
    // Lessons the same way, drawn from an internal incident, every seventh from a confidential one;
    // half of them name the permit in the title, which ranks higher, half in the observation.
    const [{ internal, confidential }] = await t.db.query(
      `SELECT (SELECT id FROM incidents WHERE organisation_id = $1 AND confidentiality = 'internal' LIMIT 1) AS internal,
              (SELECT id FROM incidents WHERE organisation_id = $1 AND confidentiality = 'confidential' LIMIT 1) AS confidential`,
      [org.organisationId],
    );
    await t.db.query(
      `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, observation, addressed_role,
                            drawn_by_id, created_at, updated_at)
       SELECT $1, $2, 'incident', CASE WHEN m % 7 = 0 THEN $3::uuid ELSE $4::uuid END,
              CASE WHEN m % 2 = 0 THEN 'Stikstofvergunning eerder aanvragen ' || m ELSE 'Les ' || n END,
              CASE WHEN m % 2 = 1 THEN 'Vraag de stikstofvergunning eerder aan.' ELSE '' END,
              'all', $5, at, at
       FROM generate_series(1, 30000) AS n,
            LATERAL (SELECT CASE WHEN n % 10 = 0 AND n <= 26000 THEN n / 10 END AS m) AS match,
            LATERAL (SELECT CASE WHEN m BETWEEN 145 AND 245 THEN timestamptz '2026-06-01T12:00:00Z' - 1900 * interval '1 hour'
                                                                 + (m % 4) * interval '7 microseconds'
                                 ELSE timestamptz '2026-06-01T12:00:00Z' - n * interval '1 hour' END AS at) AS time`,
      [org.organisationId, chainId, confidential, internal, org.member.id],
    );
    // The planner's statistics, as autovacuum keeps them (the estimates come from them).
    await t.db.query(`ANALYZE incidents, lessons`);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  withRum('are created by the migrations where PostgreSQL has the rum extension', async () => {
    const indexes = await t.db.query(
      `SELECT c.relname AS name, x.indisvalid AS valid, am.amname AS method FROM pg_index x
         JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam
       WHERE c.relname IN ('incidents_search_dated_idx', 'lessons_search_dated_idx') ORDER BY c.relname`,
    );
    expect(indexes).toEqual([
      { name: 'incidents_search_dated_idx', valid: true, method: 'rum' },
      { name: 'lessons_search_dated_idx', valid: true, method: 'rum' },
    ]);
  });

  it('estimates a search, and the least common of its words', async () => {
    const [rare] = await t.db.query(
      `SELECT * FROM leerlus_search_estimate('incidents', leerlus_search_query('stikstofvergunning'))`,
    );
    const [both] = await t.db.query(
      `SELECT * FROM leerlus_search_estimate('incidents', leerlus_search_query('stikstofvergunning melding'))`,
    );
    // 2,600 of them in the organisation, 50 in the other.
    expect(Number(rare.matches)).toBeGreaterThan(2_300);
    expect(Number(rare.matches)).toBeLessThan(3_000);
    expect(rare.shortest_list).toBe(rare.matches);
    // "melding" is in every incident: the least common word of the two is still the permit.
    expect(Number(both.shortest_list)).toBe(Number(rare.matches));
  });

  withRum(
    'orders by the index itself as the walk orders by date, when PostgreSQL reads it in order',
    async () => {
      // On this little data PostgreSQL reads the word index as a bitmap and sorts; at scale it
      // reads the index in order. Forced that way, the page statement must give the same rows.
      await page('q=stikstof&page=10&pageSize=20', org.member.token);
      const statement = byWordIndex() as SentQuery;
      expect(statement).toBeDefined();
      const rows = async () =>
        ((await t.db.query(statement.sql, statement.parameters)) as { id: string }[]).map((row) => row.id);
      const sorted = await rows();
      await t.db.query(`SET enable_bitmapscan = off`);
      await t.db.query(`SET enable_seqscan = off`);
      try {
        const [{ 'QUERY PLAN': plan }] = await t.db.query(
          `EXPLAIN (FORMAT JSON) ${statement.sql}`,
          statement.parameters,
        );
        expect(JSON.stringify(plan)).toMatch(/"Index Name":"incidents_search_dated_idx","[^}]*"Order By"/);
        expect(await rows()).toEqual(sorted);
      } finally {
        await t.db.query(`RESET enable_bitmapscan`);
        await t.db.query(`RESET enable_seqscan`);
      }
      expect(sorted).toHaveLength(20);
    },
  );

  it('gives lessons exactly the pages the walk by date gives too', async () => {
    const lessonPages = async () => {
      const seen: { request: string; page: Page; wordIndex: boolean }[] = [];
      for (const [caller, token] of Object.entries({ lead: org.lead.token, member: org.member.token }))
        for (const [n, size] of PAGES) {
          sent.length = 0;
          const found = (
            await t.http
              .get(`/v1/lessons?q=stikstof&page=${n}&pageSize=${size}`)
              .set(bearer(token))
              .expect(200)
          ).body as Page;
          const wordIndex = sent.some(({ sql }) => /ORDER BY "l"\."created_at" <=\| CAST/.test(sql));
          seen.push({ request: `${caller} page=${n}&pageSize=${size}`, page: found, wordIndex });
        }
      return seen;
    };
    const withIndex = await lessonPages();
    if (process.env.LEERLUS_TEST_RUM === '1') {
      expect(withIndex.every((s) => s.wordIndex)).toBe(true);
      await t.db.query(`DROP INDEX lessons_search_dated_idx`);
    }
    const walked = await lessonPages();
    expect(walked.every((s) => !s.wordIndex)).toBe(true);
    expect(withIndex.map(({ request, page }) => ({ request, page }))).toEqual(
      walked.map(({ request, page }) => ({ request, page })),
    );
    // The member's pages hold only matches, none of them a lesson of the confidential incident.
    const memberIds = walked
      .filter((s) => s.request.startsWith('member'))
      .flatMap((s) => s.page.items.map((i) => i.id));
    const [{ matching, hidden }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE search @@ leerlus_search_query('stikstof'))::int AS matching,
              count(*) FILTER (WHERE source_confidential)::int AS hidden
       FROM lessons WHERE id = ANY($1)`,
      [memberIds],
    );
    // Places 1–400 of the member's matches, each once.
    expect([new Set(memberIds).size, matching, hidden]).toEqual([400, 400, 0]);
  });

  it('gives exactly the pages the walk by date gives, at the window edge, to every caller', async () => {
    const withIndex = await everything();
    if (process.env.LEERLUS_TEST_RUM === '1') {
      // The rare word from the word index, the word in every incident by walking.
      const rare = withIndex.filter((s) => s.request.includes('q=stikstof&'));
      expect(rare.every((s) => s.wordIndex)).toBe(true);
      expect(withIndex.filter((s) => s.request.includes('q=melding')).every((s) => !s.wordIndex)).toBe(true);
      await t.db.query(`DROP INDEX incidents_search_dated_idx`);
    }
    const walked = await everything();
    expect(walked.every((s) => !s.wordIndex)).toBe(true);
    expect(withIndex.map(({ request, page }) => ({ request, page }))).toEqual(
      walked.map(({ request, page }) => ({ request, page })),
    );
    // The data does what it says: over four pages of 100, each caller gets 400 different matches,
    // the member none of the confidential ones, nobody the other organisation's.
    const seen = (caller: string) => [
      ...new Set(
        walked
          .filter(
            (s) => s.request.startsWith(`${caller} q=stikstof&page=`) && s.request.endsWith('pageSize=100'),
          )
          .flatMap((s) => s.page.items.map((i) => i.id)),
      ),
    ];
    expect([seen('lead').length, seen('member').length]).toEqual([400, 400]);
    const [{ hidden }] = await t.db.query(
      `SELECT count(*)::int AS hidden FROM incidents WHERE id = ANY($1) AND confidentiality = 'confidential'`,
      [seen('member')],
    );
    const [{ others }] = await t.db.query(
      `SELECT count(*)::int AS others FROM incidents WHERE id = ANY($1) AND organisation_id <> $2`,
      [[...seen('lead'), ...seen('member')], org.organisationId],
    );
    expect([hidden, others]).toEqual([0, 0]);
  });
});
