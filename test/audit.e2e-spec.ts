import { localDate } from '@app/domain/shared/local-date';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('audit log', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  it('records create, update and delete with actor and changed fields', async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Audit', description: 'a' })
      .expect(201);
    await t.http
      .patch(`/v1/teams/${team.body.id}`)
      .set(bearer(org.admin.token))
      .send({ description: 'b', version: 1 })
      .expect(200);
    await t.http.delete(`/v1/teams/${team.body.id}`).set(bearer(org.admin.token)).expect(204);
    const log = await t.http
      .get(`/v1/audit-events?entityId=${team.body.id}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    const [deleted, updated, created] = log.body.items;
    expect(updated.changes).toEqual({ description: { from: 'a', to: 'b' } });
    expect(created.changes.name).toEqual({ from: null, to: 'Audit' });
    expect(deleted.changes.name).toEqual({ from: 'Audit', to: null });
    expect(created.actorId).toBe(org.admin.id);
    expect(created.entityType).toBe('team');
    expect(created.requestId).toEqual(expect.any(String));
  });

  it('filters by entity type, actor and period, and is for admins of the own organisation only', async () => {
    await t.http.post('/v1/teams').set(bearer(other.admin.token)).send({ name: 'Elders' }).expect(201);
    const mine = await t.http
      .get(`/v1/audit-events?entityType=team&actorId=${org.admin.id}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(mine.body.items.every((e: { actorId: string }) => e.actorId === org.admin.id)).toBe(true);
    const several = await t.http
      .get(`/v1/audit-events?entityType=team,person&actorId=${org.admin.id}&pageSize=100`)
      .set(bearer(org.admin.token))
      .expect(200);
    const types = new Set(several.body.items.map((e: { entityType: string }) => e.entityType));
    expect(types).toEqual(new Set(['team', 'person']));
    // A type no event has (a typo, a plural) is named, not answered with an empty list.
    for (const wrong of ['teams', 'team,', 'Team']) {
      const refused = await t.http
        .get(`/v1/audit-events?entityType=${wrong}`)
        .set(bearer(org.admin.token))
        .expect(400);
      expect(refused.body.invalidParams[0].name).toBe('entityType');
    }
    const theirs = await t.http
      .get(`/v1/audit-events?actorId=${other.admin.id}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(theirs.body.total).toBe(0);
    const askedForTheirs = await t.http
      .get(`/v1/audit-events?organisationId=${other.organisationId}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(askedForTheirs.body.total).toBe(0);
    const future = await t.http
      .get('/v1/audit-events?from=2999-01-01T00:00:00Z')
      .set(bearer(org.admin.token))
      .expect(200);
    expect(future.body.total).toBe(0);
    await t.http.get('/v1/audit-events').set(bearer(org.lead.token)).expect(403);
    await t.http.get('/v1/audit-events?from=yesterday').set(bearer(org.admin.token)).expect(400);
    await t.http
      .get('/v1/audit-events?from=2026-03-02&to=2026-03-01')
      .set(bearer(org.admin.token))
      .expect(400);
    // An empty period is refused too, and the reason does not call equal bounds "before".
    const moment = encodeURIComponent('2026-03-01T10:00:00+01:00');
    const empty = await t.http
      .get(`/v1/audit-events?from=${moment}&to=${moment}`)
      .set(bearer(org.admin.token))
      .expect(400);
    expect(empty.body.invalidParams).toEqual([{ name: 'to', reason: 'must be after from' }]);
    // A date is a Dutch day: today's events are in today, none in tomorrow.
    const today = localDate(new Date());
    const ofToday = await t.http
      .get(`/v1/audit-events?from=${today}&to=${today}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(ofToday.body.total).toBeGreaterThan(0);
    const tomorrow = localDate(new Date(Date.now() + 86_400_000));
    const ofTomorrow = await t.http
      .get(`/v1/audit-events?from=${tomorrow}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(ofTomorrow.body.total).toBe(0);
  });

  it("shows the system administrator how organisations are set up, not their register's texts", async () => {
    const chain = await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Vergunningen' });
    await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Vergunningverlening' })
      .expect(201);
    const incident = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send({
        chainId: chain.body.id,
        title: 'Vertrouwelijke melding over een medewerker',
        occurredAt: '2026-03-01T09:00:00+01:00',
        severity: 'high',
        publicAttention: 'none',
        source: 'staff',
        confidentiality: 'confidential',
      })
      .expect(201);
    const ofOrganisation = await t.http
      .get(`/v1/audit-events?organisationId=${org.organisationId}&pageSize=100`)
      .set(bearer(t.systemToken))
      .expect(200);
    const types = new Set(ofOrganisation.body.items.map((e: { entityType: string }) => e.entityType));
    expect([...types].sort()).toEqual(['api-token', 'chain', 'organisation', 'person', 'team']);
    const ofIncident = await t.http
      .get(`/v1/audit-events?entityId=${incident.body.id}`)
      .set(bearer(t.systemToken))
      .expect(200);
    expect(ofIncident.body).toEqual(expect.objectContaining({ total: 0, items: [] }));
    // The organisation's own admin reads it.
    const byAdmin = await t.http
      .get(`/v1/audit-events?entityId=${incident.body.id}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(byAdmin.body.items.map((e: { entityType: string }) => e.entityType)).toEqual(['incident']);
  });

  it("records the delete of a deleted person's tokens, which go with them", async () => {
    const intern = await createPerson(t.http, org.admin.token, {
      name: 'Ingrid Intern',
      accessRole: 'member',
    });
    const [{ id: tokenId }] = await t.db.query('SELECT id FROM api_tokens WHERE person_id = $1', [intern.id]);
    await t.http.delete(`/v1/people/${intern.id}`).set(bearer(org.admin.token)).expect(204);
    expect(await t.db.query('SELECT id FROM api_tokens WHERE id = $1', [tokenId])).toEqual([]);
    const log = await t.http
      .get(`/v1/audit-events?entityType=api-token&entityId=${tokenId}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'create']);
    const [deleted] = log.body.items;
    expect(deleted.actorId).toBe(org.admin.id);
    expect(deleted.changes.personId).toEqual({ from: intern.id, to: null });
  });

  it('never records a token itself', async () => {
    const rows = await t.db.query(
      "SELECT changes::text AS c FROM audit_events WHERE entity_type = 'api-token'",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.c).not.toMatch(/llt_|token_?hash/i);
  });

  it('writes no audit row when the change fails at commit', async () => {
    // A deferred constraint fails at COMMIT, after the audit row was inserted in the same transaction.
    await t.db.query(`
      CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'Boom' THEN RAISE EXCEPTION 'refused' USING ERRCODE = '23514'; END IF; RETURN NEW; END $$`);
    await t.db.query(`
      CREATE CONSTRAINT TRIGGER teams_refuse_boom AFTER INSERT ON teams DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION refuse_boom()`);
    const before = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
    await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Boom' }).expect(400);
    expect(await t.db.query('SELECT count(*)::int AS n FROM audit_events')).toEqual(before);
    expect(await t.db.query("SELECT id FROM teams WHERE name = 'Boom'")).toEqual([]);
  });

  it('is append-only in the database itself', async () => {
    await expect(t.db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });

  it('refuses a TRUNCATE too, which deletes no row one by one', async () => {
    const count = 'SELECT count(*)::int AS n FROM audit_events';
    const [before] = await t.db.query(count);
    expect(before.n).toBeGreaterThan(0);
    await expect(t.db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    expect(await t.db.query(count)).toEqual([before]);
  });
});
