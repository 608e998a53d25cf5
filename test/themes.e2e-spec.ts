import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('long-term themes', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  const create = (token: string, body: object) => t.http.post('/v1/themes').set(bearer(token)).send(body);
  const patch = (token: string, id: string, body: object) =>
    t.http.patch(`/v1/themes/${id}`).set(bearer(token)).send(body);
  const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM themes'))[0].n as number;

  it('lets a lead create a theme with defaults, audited; a member may not', async () => {
    const before = await count();
    await create(org.member.token, { title: 'Vakmanschap', ownerId: org.member.id }).expect(403);
    expect(await count()).toBe(before);
    const theme = await create(org.lead.token, {
      title: 'Vakmanschap in de uitvoering',
      ownerId: org.member.id,
    }).expect(201);
    expect(theme.body).toEqual(
      expect.objectContaining({
        organisationId: org.organisationId,
        title: 'Vakmanschap in de uitvoering',
        description: '',
        ownerId: org.member.id,
        active: true,
        lastDiscussedAt: null,
        version: 1,
      }),
    );
    const audit = await t.db.query(
      "SELECT actor_id FROM audit_events WHERE entity_type = 'theme' AND entity_id = $1",
      [theme.body.id],
    );
    expect(audit).toEqual([{ actor_id: org.lead.id }]);
    const read = await t.http.get(`/v1/themes/${theme.body.id}`).set(bearer(org.member.token)).expect(200);
    expect(read.body.title).toBe('Vakmanschap in de uitvoering');
  });

  it('refuses bad input and owners outside the organisation, writing nothing', async () => {
    const before = await count();
    const bad: [object, string][] = [
      [{ ownerId: org.lead.id }, 'title'],
      [{ title: 'x'.repeat(301), ownerId: org.lead.id }, 'title'],
      [{ title: '  ', ownerId: org.lead.id }, 'title'],
      [{ title: 'ok' }, 'ownerId'],
      [{ title: 'ok', ownerId: 'iemand' }, 'ownerId'],
      [{ title: 'ok', ownerId: org.lead.id, active: 'ja' }, 'active'],
      [{ title: 'ok', ownerId: org.lead.id, description: 'x'.repeat(20001) }, 'description'],
      [{ title: 'ok', ownerId: org.lead.id, lastDiscussedAt: '2026-01-01T00:00:00Z' }, 'lastDiscussedAt'],
    ];
    for (const [body, field] of bad) {
      const response = await create(org.lead.token, body).expect(400);
      expect(response.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    }
    const foreign = await create(org.lead.token, { title: 'ok', ownerId: other.lead.id }).expect(422);
    expect(foreign.body.invalidParams).toEqual([expect.objectContaining({ name: 'ownerId' })]);
    await create(org.lead.token, {
      title: 'ok',
      ownerId: org.lead.id,
      organisationId: other.organisationId,
    }).expect(422);
    expect(await count()).toBe(before);
  });

  it('refuses the system administrator, who manages organisations, not their themes (403)', async () => {
    const before = await count();
    await create(t.systemToken, {
      organisationId: org.organisationId,
      title: 'Vakmanschap in de uitvoering',
      ownerId: org.lead.id,
    }).expect(403);
    expect(await count()).toBe(before);
  });

  it('lets leads change and end a theme, with optimistic locking', async () => {
    const id = (await create(org.lead.token, { title: 'Rolvastheid', ownerId: org.lead.id }).expect(201)).body
      .id;
    await patch(org.member.token, id, { active: false, version: 1 }).expect(403);
    await patch(org.lead.token, id, { ownerId: other.member.id, version: 1 }).expect(422);
    await patch(org.lead.token, id, { title: null, version: 1 }).expect(400);
    await patch(org.lead.token, id, { active: null, version: 1 }).expect(400);
    const ended = await patch(org.lead.token, id, {
      active: false,
      ownerId: org.member.id,
      description: 'Afgerond na de evaluatie.',
      version: 1,
    }).expect(200);
    expect(ended.body).toEqual(
      expect.objectContaining({ active: false, ownerId: org.member.id, version: 2 }),
    );
    const stale = await patch(org.lead.token, id, { active: true, version: 1 }).expect(409);
    expect(stale.body.currentVersion).toBe(2);
    // A member is refused for the role, whatever version they send.
    await patch(org.member.token, id, { active: true, version: 1 }).expect(403);
    const changes = await t.db.query(
      "SELECT changes FROM audit_events WHERE entity_id = $1 AND action = 'update'",
      [id],
    );
    expect(changes[0].changes.active).toEqual({ from: true, to: false });
  });

  it('filters by active and owner, active and least recently discussed first', async () => {
    const fresh = await createOrganisation(t.http, t.systemToken);
    const make = async (title: string, ownerId: string, active = true) =>
      (await create(fresh.lead.token, { title, ownerId, active }).expect(201)).body.id as string;
    const a = await make('Aandacht als vloek en zegen', fresh.lead.id);
    const b = await make('Lerende organisatie', fresh.member.id);
    await make('Oud thema', fresh.lead.id, false);
    await t.db.query(`UPDATE themes SET last_discussed_at = '2026-05-01T10:00:00Z' WHERE id = $1`, [a]);
    const list = async (query = '') =>
      (await t.http.get(`/v1/themes?${query}`).set(bearer(fresh.member.token)).expect(200)).body;
    expect((await list()).items.map((x: { title: string }) => x.title)).toEqual([
      'Lerende organisatie',
      'Aandacht als vloek en zegen',
      'Oud thema',
    ]);
    expect((await list('active=false')).items.map((x: { title: string }) => x.title)).toEqual(['Oud thema']);
    expect((await list(`ownerId=${fresh.member.id}`)).items.map((x: { id: string }) => x.id)).toEqual([b]);
    expect((await list('active=true&pageSize=1')).total).toBe(2);
    expect((await list('sort=title')).items.map((x: { title: string }) => x.title)).toEqual([
      'Aandacht als vloek en zegen',
      'Lerende organisatie',
      'Oud thema',
    ]);
    expect((await list('sort=-title&active=true')).items.map((x: { id: string }) => x.id)).toEqual([b, a]);
    // Never discussed comes last either way.
    expect((await list('sort=-lastDiscussedAt')).items[0].id).toBe(a);
    expect((await list('sort=lastDiscussedAt')).items[0].id).toBe(a);
    await t.http.get('/v1/themes?sort=naam').set(bearer(fresh.member.token)).expect(400);
    await t.http.get('/v1/themes?active=ja').set(bearer(fresh.member.token)).expect(400);
    await t.http.get('/v1/themes?ownerId=x').set(bearer(fresh.member.token)).expect(400);
  });

  it("hides another organisation's themes, and lets a lead delete one", async () => {
    const theirs = (await create(other.lead.token, { title: 'Elders', ownerId: other.lead.id }).expect(201))
      .body.id;
    await t.http.get(`/v1/themes/${theirs}`).set(bearer(org.lead.token)).expect(404);
    await patch(org.lead.token, theirs, { active: false, version: 1 }).expect(404);
    await t.http.delete(`/v1/themes/${theirs}`).set(bearer(org.lead.token)).expect(404);
    // For a member of another organisation too: not found comes before the role.
    await patch(org.member.token, theirs, { active: false, version: 1 }).expect(404);
    await t.http.delete(`/v1/themes/${theirs}`).set(bearer(org.member.token)).expect(404);
    const list = await t.http.get('/v1/themes?pageSize=100').set(bearer(org.member.token)).expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(theirs);
    await t.http.delete(`/v1/themes/${theirs}`).set(bearer(other.member.token)).expect(403);
    await t.http.delete(`/v1/themes/${theirs}`).set(bearer(other.lead.token)).expect(204);
    await t.http.get(`/v1/themes/${theirs}`).set(bearer(other.lead.token)).expect(404);
  });

  it('keeps a theme that is on an agenda or was discussed: it can be deactivated, not deleted', async () => {
    const onAgenda = (await create(org.lead.token, { title: 'Vertrouwen', ownerId: org.lead.id }).expect(201))
      .body.id;
    const discussed = (
      await create(org.lead.token, { title: 'Uitvoerbaarheid', ownerId: org.lead.id }).expect(201)
    ).body.id;
    const [series] = await t.db.query(
      `INSERT INTO reflection_series (organisation_id, title, kind, chair_id, rrule, first_start, duration_minutes)
       VALUES ($1, 'Directieraad', 'leadership', $2, 'FREQ=MONTHLY;BYDAY=1TU', '2026-06-02T09:00:00+02:00', 90)
       RETURNING id`,
      [org.organisationId, org.lead.id],
    );
    await t.db.query(
      `INSERT INTO agenda_items (organisation_id, series_id, kind, reference_id, title, timebox_minutes)
       VALUES ($1, $2, 'theme', $3, 'Thema: vertrouwen', 30)`,
      [org.organisationId, series.id, onAgenda],
    );
    await t.db.query(`UPDATE themes SET last_discussed_at = now() WHERE id = $1`, [discussed]);
    const refused = await t.http.delete(`/v1/themes/${onAgenda}`).set(bearer(org.lead.token)).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toMatch(
      /is on an agenda \(1 agenda item\(s\)\).*Set active to false instead/,
    );
    const alsoRefused = await t.http
      .delete(`/v1/themes/${discussed}`)
      .set(bearer(org.lead.token))
      .expect(409);
    expect(alsoRefused.body.detail).toMatch(/was discussed/);
    for (const id of [onAgenda, discussed])
      await t.http.get(`/v1/themes/${id}`).set(bearer(org.lead.token)).expect(200);
    await patch(org.lead.token, onAgenda, { active: false, version: 1 }).expect(200);
  });
});
