import { incidentBody } from './support/incident-body';
import { bearer, createOrganisation } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('GIN pending lists', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('every GIN index merges its pending list at 256 kB, so a search reads at most 32 pages of it', async () => {
    const unlimited = await t.db.query(
      `SELECT c.relname AS index FROM pg_class c JOIN pg_am a ON a.oid = c.relam
       WHERE a.amname = 'gin' AND c.relnamespace = 'public'::regnamespace
         AND NOT coalesce(c.reloptions @> ARRAY['gin_pending_list_limit=256'], false)`,
    );
    expect(unlimited).toEqual([]);

    // Many new incidents in a row, as a busy register gets them between two vacuums.
    const org = await createOrganisation(t.http, t.systemToken);
    const chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
    ).body.id;
    const first = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send(incidentBody(chainId));
    expect(first.status).toBe(201);
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at, reported_by_id,
                              severity, public_attention, source, tags, confidentiality, status)
       SELECT organisation_id, chain_id, title || ' ' || n, description || ' zaak Z-' || n || ' in ronde ' || (n * 7919),
              occurred_at, reported_at, reported_by_id, severity, public_attention, source,
              ARRAY['ronde-' || n], confidentiality, status
       FROM incidents, generate_series(1, 3000) AS n WHERE id = $1`,
      [first.body.id],
    );
    await t.db.query('CREATE EXTENSION IF NOT EXISTS pgstattuple');
    const [{ pending }] = await t.db.query(
      `SELECT pending_pages AS pending FROM pgstatginindex('incidents_search_idx')`,
    );
    const [{ merged }] = await t.db.query(
      `SELECT pg_relation_size('incidents_search_idx') / current_setting('block_size')::int AS merged`,
    );
    expect(pending).toBeLessThanOrEqual(32);
    // The entries went somewhere: into the index itself, not a 4 MB list.
    expect(Number(merged)).toBeGreaterThan(32);
  });
});
