import { incidentBody } from './support/incident-body';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Incident lists send JSON that PostgreSQL renders (INCIDENT_JSON); the detail sends
 * IncidentDto.from serialised by the api. Each listed incident must be the detail's incident,
 * key for key and in the same order, whatever its fields hold.
 */
describe('incident lists render each incident as the detail does', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  const ids: string[] = [];

  /** The detail without its links: what a list item must equal. */
  const detailOf = async (id: string) => {
    const {
      lessons: _l,
      actions: _a,
      ...incident
    } = (await t.http.get(`/v1/incidents/${id}`).set(bearer(org.lead.token)).expect(200)).body;
    return incident as Record<string, unknown>;
  };
  const expectSameAsDetail = async (items: Record<string, unknown>[]) => {
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const detail = await detailOf(item.id as string);
      expect(Object.keys(item)).toEqual(Object.keys(detail));
      expect(item).toEqual(detail);
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
    ).body.id;
    const teamId = (
      await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Uitbetaling' }).expect(201)
    ).body.id;
    const bodies = [
      { ...incidentBody(chainId), teamId, causeLevel: 'chain', tags: ['betaalbatch', 'toeslagen'] },
      {
        ...incidentBody(chainId),
        title: 'Brief met "aanhalingstekens", een \\ en één café ☕',
        description: 'Regel één\nRegel twee\tmet tab, </script> en 😀.',
        confidentiality: 'confidential',
      },
      {
        ...incidentBody(chainId),
        title: 'Storing in de betaalbatch',
        occurredAt: '2026-06-14T23:59:59.999+02:00',
      },
    ];
    for (const body of bodies)
      ids.push(
        (await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(body).expect(201)).body.id,
      );
    // A closed one, so closedAt holds an instant.
    const patch = (body: object) =>
      t.http.patch(`/v1/incidents/${ids[2]}`).set(bearer(org.lead.token)).send(body).expect(200);
    await patch({ status: 'analysing', version: 1 });
    await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send({ sourceType: 'incident', sourceId: ids[2], title: 'Test de batch', addressedRole: 'contractor' })
      .expect(201);
    await patch({ status: 'lessons-drawn', version: 2 });
    await patch({ status: 'closed', version: 3 });
    // Instants with microseconds (as PostgreSQL's now() writes them): both sides must cut them to milliseconds.
    await t.db.query(
      `UPDATE incidents SET occurred_at = '2026-06-01 07:00:00.123999+00', updated_at = '2026-06-15 08:00:00.000999+00'
       WHERE id = $1`,
      [ids[0]],
    );
  });
  afterAll(() => t.close());

  it('in a filtered, sorted page', async () => {
    const page = await t.http
      .get(`/v1/incidents?chainId=${chainId}&sort=title&pageSize=10`)
      .set(bearer(org.lead.token))
      .expect(200)
      .expect('Content-Type', 'application/json; charset=utf-8');
    expect(page.body).toEqual({
      items: expect.any(Array),
      page: 1,
      pageSize: 10,
      total: 3,
      totalCapped: false,
    });
    expect(page.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...ids].sort());
    const cut = page.body.items.find((i: { id: string }) => i.id === ids[0]);
    expect(cut.occurredAt).toBe('2026-06-01T07:00:00.123Z');
    await expectSameAsDetail(page.body.items);
  });

  it('in search results, ranked and past the ranked window', async () => {
    const ranked = await t.http.get('/v1/incidents?q=betaalbatch').set(bearer(org.lead.token)).expect(200);
    expect(ranked.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2]]);
    await expectSameAsDetail(ranked.body.items);
    const quoted = await t.http.get('/v1/incidents?q=café').set(bearer(org.lead.token)).expect(200);
    expect(quoted.body.items.map((i: { id: string }) => i.id)).toEqual([ids[1]]);
    await expectSameAsDetail(quoted.body.items);

    // 200 newer matches push the first ones out of the ranked window, onto the pages by date.
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                              reported_by_id, severity, public_attention, source, status)
       SELECT organisation_id, chain_id, 'Betaalbatch vertraagd ' || n, '', occurred_at,
              reported_at + n * interval '1 minute', reported_by_id, 'low', 'none', 'staff', 'reported'
       FROM incidents, generate_series(1, 200) n WHERE id = $1`,
      [ids[2]],
    );
    const past = await t.http
      .get('/v1/incidents?q=betaalbatch&page=11&pageSize=20')
      .set(bearer(org.lead.token))
      .expect(200);
    expect(past.body).toEqual(expect.objectContaining({ total: 200, totalCapped: true }));
    expect(past.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2]]);
    await expectSameAsDetail(past.body.items);
  });

  // source=media: the three incidents reported above, not the 200 the search test adds.
  it('page by page, in the same order', async () => {
    const all = await t.http
      .get(`/v1/incidents?chainId=${chainId}&source=media&sort=-occurredAt&pageSize=3`)
      .set(bearer(org.lead.token))
      .expect(200);
    const one = async (n: number) =>
      (
        await t.http
          .get(`/v1/incidents?chainId=${chainId}&source=media&sort=-occurredAt&pageSize=1&page=${n}`)
          .set(bearer(org.lead.token))
          .expect(200)
      ).body;
    const pages = [await one(1), await one(2), await one(3)];
    expect(pages.map((p) => p.items[0])).toEqual(all.body.items);
    expect(pages.map((p) => p.total)).toEqual([3, 3, 3]);
  });

  it('sorted by an enumeration, page by page, as its rank orders them', async () => {
    const sortChain = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Sorteren' }).expect(201)
    ).body.id;
    // 60 incidents cycling through every value, twelve at a time on the same instant (ties on date).
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                              reported_by_id, severity, public_attention, source, status)
       SELECT organisation_id, $2, 'Sorteren ' || n, '', occurred_at, reported_at - (n / 12) * interval '1 hour',
              reported_by_id, (ARRAY['low','medium','high','critical'])[1 + n % 4],
              (ARRAY['none','local','national','parliamentary'])[1 + n / 2 % 4],
              'staff', (ARRAY['reported','analysing','lessons-drawn','closed'])[1 + n % 7 % 4]
       FROM incidents, generate_series(1, 60) n WHERE id = $1`,
      [ids[0], sortChain],
    );
    const all: Record<string, string>[] = (
      await t.http
        .get(`/v1/incidents?chainId=${sortChain}&pageSize=100`)
        .set(bearer(org.lead.token))
        .expect(200)
    ).body.items;
    const ranks: Record<string, string[]> = {
      severity: ['low', 'medium', 'high', 'critical'],
      publicAttention: ['none', 'local', 'national', 'parliamentary'],
      status: ['reported', 'analysing', 'lessons-drawn', 'closed'],
    };
    /** Four pages of 17 (the last one partly, then none) in the api's order. */
    const pages = async (parameters: string, token: string) => {
      const got: string[] = [];
      for (let n = 1; n <= 4; n++) {
        const page = await t.http
          .get(`/v1/incidents?chainId=${sortChain}&${parameters}&pageSize=17&page=${n}`)
          .set(bearer(token))
          .expect(200);
        got.push(...page.body.items.map((incident: { id: string }) => incident.id));
      }
      return got;
    };
    for (const [field, values] of Object.entries(ranks)) {
      expect(new Set(all.map((incident) => incident[field])).size).toBe(values.length);
      for (const direction of [1, -1]) {
        const sort = `${direction < 0 ? '-' : ''}${field}`;
        const inOrder = (rows: Record<string, string>[]) =>
          [...rows]
            .sort(
              (a, b) =>
                direction * (values.indexOf(a[field]) - values.indexOf(b[field])) ||
                b.reportedAt.localeCompare(a.reportedAt) ||
                (a.id < b.id ? -1 : 1),
            )
            .map((incident) => incident.id);
        // One value after the other (as a lead, and as a member with the confidentiality rule),
        // one sort by rank (with a search text), and one value only (filtered on it).
        expect({ sort, ids: await pages(`sort=${sort}`, org.lead.token) }).toEqual({
          sort,
          ids: inOrder(all),
        });
        expect({ sort, ids: await pages(`sort=${sort}`, org.member.token) }).toEqual({
          sort,
          ids: inOrder(all),
        });
        expect({ sort, ids: await pages(`sort=${sort}&q=sorteren`, org.lead.token) }).toEqual({
          sort,
          ids: inOrder(all),
        });
        expect({ sort, ids: await pages(`sort=${sort}&${field}=${values[1]}`, org.lead.token) }).toEqual({
          sort,
          ids: inOrder(all.filter((incident) => incident[field] === values[1])),
        });
      }
    }
  });

  it('as an empty page past the end, with the total', async () => {
    const empty = await t.http
      .get(`/v1/incidents?chainId=${chainId}&source=media&page=3&pageSize=2`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(empty.body).toEqual({ items: [], page: 3, pageSize: 2, total: 3, totalCapped: false });
  });
});
