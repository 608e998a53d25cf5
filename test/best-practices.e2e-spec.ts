import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('best practices and their adoptions', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let teamId: string;
  let secondTeamId: string;
  let chainId: string;
  let otherChainId: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken, 'Uitvoeringsinstituut Werknemersverzekeringen');
    other = await createOrganisation(t.http, t.systemToken);
    const team = (name: string) =>
      t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name }).expect(201);
    teamId = (await team('Team Klantcontact WW')).body.id;
    secondTeamId = (await team('Team Bezwaar en Beroep')).body.id;
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'WW' }).expect(201))
      .body.id;
    otherChainId = (
      await t.http.post('/v1/chains').set(bearer(other.admin.token)).send({ name: 'Elders' }).expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const propose = (token: string, body: object) =>
    t.http.post('/v1/best-practices').set(bearer(token)).send(body);
  const patch = (token: string, id: string, body: object) =>
    t.http.patch(`/v1/best-practices/${id}`).set(bearer(token)).send(body);
  /** What endorsing needs besides a title. */
  const described = { practice: 'Een vaste werkwijze.', evidence: 'Gemeten in de pilot.' };
  const count = async (table: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('lets a member propose one, with defaults, and audits it', async () => {
    const response = await propose(org.member.token, {
      title: 'Vaste belafspraak bij complexe aanvragen',
      context: 'Aanvragers met meerdere werkgevers liepen vast.',
      practice: 'Binnen twee werkdagen belt een vaste behandelaar.',
      tags: ['klantcontact', 'ww'],
      chainId,
      teamId,
    }).expect(201);
    expect(response.body).toEqual(
      expect.objectContaining({
        organisationId: org.organisationId,
        chainId,
        teamId,
        evidence: '',
        status: 'proposed',
        proposedById: org.member.id,
        endorsedAt: null,
        adoptedAt: null,
        version: 1,
      }),
    );
    const audit = await t.db.query(
      `SELECT action, actor_id, changes->'proposedById'->>'to' AS proposer FROM audit_events
       WHERE entity_type = 'best-practice' AND entity_id = $1`,
      [response.body.id],
    );
    // Who proposed it is in the event, as an incident's reporter and a lesson's author are.
    expect(audit).toEqual([{ action: 'create', actor_id: org.member.id, proposer: org.member.id }]);
  });

  it('refuses bad input with a problem and writes nothing', async () => {
    const before = await count('best_practices');
    const bad: [object, string][] = [
      [{}, 'title'],
      [{ title: 'x'.repeat(301) }, 'title'],
      [{ title: 42 }, 'title'],
      [{ title: 'ok', colour: 'blauw' }, 'colour'],
      [{ title: 'ok', tags: 'geen-lijst' }, 'tags'],
      [{ title: 'ok', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ title: 'ok', tags: ['x'.repeat(51)] }, 'tags'],
      [{ title: 'ok', evidence: 'x'.repeat(20001) }, 'evidence'],
      [{ title: 'ok', chainId: 'not-a-uuid' }, 'chainId'],
    ];
    for (const [body, field] of bad) {
      const response = await propose(org.member.token, body).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    }
    const foreignChain = await propose(org.member.token, { title: 'ok', chainId: otherChainId }).expect(422);
    expect(foreignChain.body.invalidParams).toEqual([expect.objectContaining({ name: 'chainId' })]);
    const otherTeam = (
      await t.http.post('/v1/teams').set(bearer(other.admin.token)).send({ name: 'Elders' }).expect(201)
    ).body.id;
    const foreignTeam = await propose(org.member.token, { title: 'ok', teamId: otherTeam }).expect(422);
    expect(foreignTeam.body.invalidParams).toEqual([expect.objectContaining({ name: 'teamId' })]);
    await propose(org.member.token, { title: 'ok', organisationId: other.organisationId }).expect(422);
    expect(await count('best_practices')).toBe(before);
  });

  it("hides another organisation's best practices as not found", async () => {
    const theirs = (await propose(other.member.token, { title: 'Van een ander' }).expect(201)).body;
    await t.http.get(`/v1/best-practices/${theirs.id}`).set(bearer(org.member.token)).expect(404);
    await patch(org.lead.token, theirs.id, { title: 'gekaapt', version: 1 }).expect(404);
    await t.http.delete(`/v1/best-practices/${theirs.id}`).set(bearer(org.lead.token)).expect(404);
    await t.http.get(`/v1/best-practices/${theirs.id}/adoptions`).set(bearer(org.member.token)).expect(404);
    const list = await t.http.get('/v1/best-practices').set(bearer(org.member.token)).expect(200);
    expect(list.body.items.map((b: { id: string }) => b.id)).not.toContain(theirs.id);
    await t.http.get('/v1/best-practices/nope').set(bearer(org.member.token)).expect(400);
  });

  describe('status', () => {
    let id: string;
    beforeAll(async () => {
      id = (await propose(org.member.token, { title: 'Eén loket voor werkgevers' }).expect(201)).body.id;
    });

    it('endorses only what says what the practice is and why it works', async () => {
      const empty = await patch(org.lead.token, id, { status: 'endorsed', version: 1 }).expect(400);
      // Everything endorsing needs, named at once.
      expect(empty.body.invalidParams).toEqual([
        expect.objectContaining({ name: 'practice' }),
        expect.objectContaining({ name: 'evidence' }),
      ]);
      await patch(org.member.token, id, { practice: 'Werkgevers bellen één nummer.', version: 1 }).expect(
        200,
      );
      const noEvidence = await patch(org.lead.token, id, { status: 'endorsed', version: 2 }).expect(400);
      expect(noEvidence.body.invalidParams).toEqual([expect.objectContaining({ name: 'evidence' })]);
      await patch(org.member.token, id, { evidence: 'Doorverbinden daalde met 40%.', version: 2 }).expect(
        200,
      );
      const unchanged = await t.http.get(`/v1/best-practices/${id}`).set(bearer(org.lead.token)).expect(200);
      expect(unchanged.body).toEqual(expect.objectContaining({ status: 'proposed', version: 3 }));
      // Filled in and endorsed in one PATCH.
      const other = (await propose(org.member.token, { title: 'In één keer' }).expect(201)).body.id;
      const both = await patch(org.lead.token, other, { ...described, status: 'endorsed', version: 1 });
      expect([both.status, both.body.status]).toEqual([200, 'endorsed']);
    });

    it('refuses a skipped step with 409 naming the allowed next states', async () => {
      const response = await patch(org.lead.token, id, { status: 'adopted', version: 3 }).expect(409);
      expect(response.body.type).toMatch(/invalid-transition/);
      expect(response.body.allowedNextStates).toEqual(['endorsed', 'retired']);
      expect(response.body.detail).toMatch(/endorsed, retired/);
    });

    it('lets only a lead endorse, and records who and when', async () => {
      await patch(org.member.token, id, { status: 'endorsed', version: 3 }).expect(403);
      // Not allowed comes before a stale version.
      await patch(org.member.token, id, { status: 'endorsed', version: 1 }).expect(403);
      const endorsed = await patch(org.lead.token, id, { status: 'endorsed', version: 3 }).expect(200);
      expect(endorsed.body).toEqual(
        expect.objectContaining({
          status: 'endorsed',
          endorsedById: org.lead.id,
          endorsedAt: '2026-06-15T08:00:00.000Z',
          version: 4,
        }),
      );
    });

    it('gives 409 to a stale version', async () => {
      const response = await patch(org.lead.token, id, { title: 'Oud', version: 1 }).expect(409);
      expect(response.body.currentVersion).toBe(4);
    });

    it('lets only a lead change what was endorsed', async () => {
      const rewrite = await patch(org.member.token, id, { title: 'Iets anders', version: 4 }).expect(403);
      expect(rewrite.headers['content-type']).toMatch(/application\/problem\+json/);
      await patch(org.member.token, id, { chainId, version: 4 }).expect(403);
      // Sending back what is there changes nothing, and is no change.
      await patch(org.member.token, id, { title: 'Eén loket voor werkgevers', version: 4 }).expect(200);
      const lead = await patch(org.lead.token, id, {
        context: 'Werkgevers zochten het juiste loket.',
        version: 4,
      });
      expect(lead.status).toBe(200);
      expect(lead.body.version).toBe(5);
      // What endorsing required is not blanked afterwards.
      const blank = await patch(org.lead.token, id, { evidence: ' ', practice: '', version: 5 }).expect(400);
      expect(blank.body.invalidParams).toEqual([
        { name: 'practice', reason: 'must stay filled in once the best practice is endorsed' },
        { name: 'evidence', reason: 'must stay filled in once the best practice is endorsed' },
      ]);
    });

    it('refuses to retire it while blanking what endorsing required (400, nothing written)', async () => {
      const proposed = (
        await propose(org.member.token, { ...described, title: 'Vaste terugbeltijd' }).expect(201)
      ).body;
      const endorsed = await patch(org.lead.token, proposed.id, { status: 'endorsed', version: 1 }).expect(
        200,
      );
      // Retired, it could never be filled in again.
      const retired = await patch(org.lead.token, proposed.id, {
        status: 'retired',
        evidence: '',
        version: endorsed.body.version,
      }).expect(400);
      expect(retired.body.invalidParams).toEqual([
        { name: 'evidence', reason: 'must stay filled in once the best practice is endorsed' },
      ]);
      const [row] = await t.db.query('SELECT status, evidence FROM best_practices WHERE id = $1', [
        proposed.id,
      ]);
      expect(row).toEqual({ status: 'endorsed', evidence: described.evidence });
    });

    it('is adopted by an adoption, not a PATCH; only a lead retires it, and then it is final', async () => {
      t.clock.set('2026-06-20T12:00:00+02:00');
      // Adopted says which team adopted it, and when: a PATCH cannot say that.
      const refused = await patch(org.member.token, id, { status: 'adopted', version: 5 }).expect(409);
      expect(refused.body.allowedNextStates).toEqual(['retired']);
      expect(refused.body.detail).toMatch(/\/v1\/best-practices\/.+\/adoptions/);
      const unchanged = await t.http.get(`/v1/best-practices/${id}`).set(bearer(org.lead.token)).expect(200);
      expect(unchanged.body).toEqual(
        expect.objectContaining({ status: 'endorsed', adoptedAt: null, version: 5 }),
      );
      await t.http
        .post(`/v1/best-practices/${id}/adoptions`)
        .set(bearer(org.member.token))
        .send({ teamId, adoptedAt: '2026-06-19T09:00:00+02:00' })
        .expect(201);
      const adopted = await t.http.get(`/v1/best-practices/${id}`).set(bearer(org.lead.token)).expect(200);
      expect(adopted.body).toEqual(
        expect.objectContaining({ status: 'adopted', adoptedAt: '2026-06-19T07:00:00.000Z', version: 6 }),
      );
      await patch(org.member.token, id, { status: 'retired', version: 6 }).expect(403);
      const retired = await patch(org.lead.token, id, { status: 'retired', version: 6 }).expect(200);
      expect(retired.body.retiredAt).toEqual(expect.any(String));
      const back = await patch(org.lead.token, id, { status: 'proposed', version: 7 }).expect(409);
      expect(back.body.allowedNextStates).toEqual([]);
      await patch(org.lead.token, id, { title: 'Nieuw leven', version: 7 }).expect(409);
      await patch(org.lead.token, id, { status: 'retired', version: 7 }).expect(200);
      await patch(org.lead.token, id, { status: 'goedgekeurd', version: 7 }).expect(400);
      await patch(org.lead.token, id, { status: null, version: 7 }).expect(400);
    });

    it('lets the proposer withdraw their own proposal, but not someone else', async () => {
      const mine = (await propose(org.member.token, { title: 'Intrekken' }).expect(201)).body.id;
      const theirs = (await propose(org.lead.token, { title: 'Van de lead' }).expect(201)).body.id;
      await patch(org.member.token, theirs, { status: 'retired', version: 1 }).expect(403);
      await patch(org.member.token, mine, { status: 'retired', version: 1 }).expect(200);
    });

    it('audits the transition with before and after', async () => {
      const events = await t.db.query(
        "SELECT changes FROM audit_events WHERE entity_id = $1 AND action = 'update' ORDER BY occurred_at",
        [id],
      );
      const endorsing = events.find((e: { changes: { status?: unknown } }) => e.changes.status);
      expect(endorsing.changes.status).toEqual({ from: 'proposed', to: 'endorsed' });
      expect(endorsing.changes.endorsedById).toEqual({ from: null, to: org.lead.id });
    });
  });

  it('edits fields and checks references on PATCH', async () => {
    const id = (await propose(org.member.token, { title: 'Concept' }).expect(201)).body.id;
    const edited = await patch(org.member.token, id, {
      title: 'Gereed',
      tags: ['bezwaar'],
      teamId: secondTeamId,
      version: 1,
    }).expect(200);
    expect(edited.body).toEqual(expect.objectContaining({ title: 'Gereed', tags: ['bezwaar'], version: 2 }));
    await patch(org.member.token, id, { title: null, version: 2 }).expect(400);
    await patch(org.member.token, id, { chainId: otherChainId, version: 2 }).expect(422);
    const cleared = await patch(org.member.token, id, { teamId: null, version: 2 }).expect(200);
    expect(cleared.body.teamId).toBeNull();
  });

  describe('deleting', () => {
    it('is for proposals only, by their proposer or a lead', async () => {
      const id = (await propose(org.member.token, { title: 'Te verwijderen' }).expect(201)).body.id;
      const colleague = (
        await propose(org.lead.token, { ...described, title: 'Van een collega' }).expect(201)
      ).body.id;
      await t.http.delete(`/v1/best-practices/${colleague}`).set(bearer(org.member.token)).expect(403);
      await t.http.delete(`/v1/best-practices/${id}`).set(bearer(org.member.token)).expect(204);
      await t.http.get(`/v1/best-practices/${id}`).set(bearer(org.member.token)).expect(404);
      await patch(org.lead.token, colleague, { status: 'endorsed', version: 1 }).expect(200);
      const endorsed = await t.http
        .delete(`/v1/best-practices/${colleague}`)
        .set(bearer(org.lead.token))
        .expect(409);
      expect(endorsed.body.detail).toMatch(/Retire it instead/);
      const audit = await t.db.query(
        "SELECT 1 FROM audit_events WHERE entity_id = $1 AND action = 'delete'",
        [id],
      );
      expect(audit).toHaveLength(1);
    });

    it('refuses when lessons were drawn from it', async () => {
      const id = (await propose(org.member.token, { title: 'Met les' }).expect(201)).body.id;
      await insertLesson(id, 'Les uit de praktijk');
      await t.http.delete(`/v1/best-practices/${id}`).set(bearer(org.lead.token)).expect(409);
    });
  });

  describe('adoptions', () => {
    let id: string;
    beforeAll(async () => {
      id = (await propose(org.member.token, { ...described, title: 'Terugbelbelofte nakomen' }).expect(201))
        .body.id;
    });
    const adopt = (token: string, body: object, practiceId = id) =>
      t.http.post(`/v1/best-practices/${practiceId}/adoptions`).set(bearer(token)).send(body);

    it('refuses to adopt a proposal that is not endorsed', async () => {
      const response = await adopt(org.member.token, {
        teamId,
        adoptedAt: '2026-06-01T09:00:00+02:00',
      }).expect(409);
      expect(response.body.detail).toMatch(/proposed/);
      // Endorsed in February, so that the adoptions below (from March on) come after it.
      t.clock.set('2026-02-02T10:00:00+01:00');
      await patch(org.lead.token, id, { status: 'endorsed', version: 1 }).expect(200);
      t.clock.set('2026-06-20T12:00:00+02:00');
    });

    it('refuses bad input and teams of another organisation, writing nothing', async () => {
      const before = await count('best_practice_adoptions');
      await adopt(org.member.token, { teamId, adoptedAt: '2026-06-01' }).expect(400);
      await adopt(org.member.token, { teamId, adoptedAt: '2026-06-01T09:00:00' }).expect(400);
      await adopt(org.member.token, { teamId: 'x', adoptedAt: '2026-06-01T09:00:00Z' }).expect(400);
      await adopt(org.member.token, { teamId, adoptedAt: '2026-06-01T09:00:00Z', extra: 1 }).expect(400);
      await adopt(org.member.token, { teamId, adoptedAt: '2026-06-01T09:00:00Z', result: 7 }).expect(400);
      const future = await adopt(org.member.token, { teamId, adoptedAt: '2026-06-20T10:06:00Z' }).expect(400);
      expect(future.body.invalidParams).toEqual([expect.objectContaining({ name: 'adoptedAt' })]);
      const otherTeam = (
        await t.http.post('/v1/teams').set(bearer(other.admin.token)).send({ name: 'Vreemd' }).expect(201)
      ).body.id;
      await adopt(org.member.token, { teamId: otherTeam, adoptedAt: '2026-06-01T09:00:00Z' }).expect(422);
      expect(await count('best_practice_adoptions')).toBe(before);
    });

    it('refuses an adoption dated before the best practice was endorsed, writing nothing', async () => {
      const practiceId = (
        await propose(org.member.token, { ...described, title: 'Eerst goedgekeurd' }).expect(201)
      ).body.id;
      const endorsed = await patch(org.lead.token, practiceId, { status: 'endorsed', version: 1 }).expect(
        200,
      );
      const before = await count('best_practice_adoptions');
      // Dated years back, it would count as adopted in quarters before it was even proposed.
      const early = await adopt(
        org.member.token,
        { teamId, adoptedAt: '2019-01-07T09:00:00+01:00' },
        practiceId,
      );
      expect(early.status).toBe(400);
      expect(early.body.invalidParams).toEqual([
        { name: 'adoptedAt', reason: 'must not be before the best practice was endorsed' },
      ]);
      const justBefore = new Date(Date.parse(endorsed.body.endorsedAt) - 1000).toISOString();
      await adopt(org.member.token, { teamId, adoptedAt: justBefore }, practiceId).expect(400);
      expect(await count('best_practice_adoptions')).toBe(before);
      const unchanged = await t.http
        .get(`/v1/best-practices/${practiceId}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(unchanged.body).toEqual(expect.objectContaining({ status: 'endorsed', adoptedAt: null }));
      // From the moment it was endorsed on, it can be adopted.
      await adopt(org.member.token, { teamId, adoptedAt: endorsed.body.endorsedAt }, practiceId).expect(201);
    });

    it('records an adoption, and the first one makes the best practice adopted', async () => {
      const first = await adopt(org.member.token, {
        teamId,
        adoptedAt: '2026-06-10T09:00:00+02:00',
        result: 'Bezwaren met 30% gedaald.',
      }).expect(201);
      expect(first.body).toEqual(
        expect.objectContaining({
          bestPracticeId: id,
          teamId,
          adoptedAt: '2026-06-10T07:00:00.000Z',
          recordedById: org.member.id,
          result: 'Bezwaren met 30% gedaald.',
        }),
      );
      const practice = await t.http.get(`/v1/best-practices/${id}`).set(bearer(org.member.token)).expect(200);
      expect(practice.body).toEqual(
        expect.objectContaining({ status: 'adopted', adoptedAt: '2026-06-10T07:00:00.000Z' }),
      );
      await adopt(org.lead.token, { teamId: secondTeamId, adoptedAt: '2026-06-12T09:00:00Z' }).expect(201);
      const again = await t.http.get(`/v1/best-practices/${id}`).set(bearer(org.member.token)).expect(200);
      expect(again.body.adoptedAt).toBe('2026-06-10T07:00:00.000Z');
    });

    it('refuses a second adoption by the same team', async () => {
      const response = await adopt(org.lead.token, { teamId, adoptedAt: '2026-06-11T09:00:00Z' }).expect(409);
      expect(response.body.invalidParams).toEqual([{ name: 'teamId', reason: 'already adopted it' }]);
    });

    it('lists adoptions (paged) and shows them with the lessons on the best practice', async () => {
      const list = await t.http
        .get(`/v1/best-practices/${id}/adoptions?pageSize=1`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(list.body).toEqual(expect.objectContaining({ total: 2, page: 1, pageSize: 1 }));
      expect(list.body.items[0].teamId).toBe(secondTeamId);
      const lessonId = await insertLesson(id, 'Terugbellen werkt ook bij bezwaar');
      const detail = await t.http.get(`/v1/best-practices/${id}`).set(bearer(org.member.token)).expect(200);
      expect(detail.body.adoptions.map((a: { teamId: string }) => a.teamId)).toEqual([secondTeamId, teamId]);
      expect(detail.body.lessons).toEqual([
        expect.objectContaining({
          id: lessonId,
          title: 'Terugbellen werkt ook bij bezwaar',
          status: 'draft',
        }),
      ]);
    });

    it('lets the recorder or a lead delete an adoption', async () => {
      const list = await t.http.get(`/v1/best-practices/${id}/adoptions`).set(bearer(org.member.token));
      const byLead = list.body.items.find((a: { recordedById: string }) => a.recordedById === org.lead.id);
      await t.http
        .delete(`/v1/best-practices/${id}/adoptions/${byLead.id}`)
        .set(bearer(org.member.token))
        .expect(403);
      await t.http
        .delete(`/v1/best-practices/${id}/adoptions/${byLead.id}`)
        .set(bearer(org.lead.token))
        .expect(204);
      await t.http
        .delete(`/v1/best-practices/${id}/adoptions/${byLead.id}`)
        .set(bearer(org.lead.token))
        .expect(404);
      await t.http
        .get(`/v1/best-practices/${id}/adoptions`)
        .set(bearer(org.member.token))
        .expect(200)
        .expect((r) => expect(r.body.total).toBe(1));
    });

    it('takes an adoption at a moment a clock a little ahead calls now', async () => {
      const other = (await propose(org.member.token, { ...described, title: 'Voorlopen' }).expect(201)).body
        .id;
      await patch(org.lead.token, other, { status: 'endorsed', version: 1 }).expect(200);
      // The test clock says 10:00 UTC, this client's 10:04; six minutes ahead is refused (above).
      await adopt(org.member.token, { teamId, adoptedAt: '2026-06-20T10:04:00Z' }, other).expect(201);
    });

    it('is adopted since its earliest adoption, also one recorded later or deleted', async () => {
      const adoptedAt = async () =>
        (await t.http.get(`/v1/best-practices/${id}`).set(bearer(org.member.token)).expect(200)).body
          .adoptedAt;
      expect(await adoptedAt()).toBe('2026-06-10T07:00:00.000Z');
      const team = (await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Team Pilot' }))
        .body.id;
      const earlier = await adopt(org.member.token, {
        teamId: team,
        adoptedAt: '2026-03-02T09:00:00+01:00',
      }).expect(201);
      expect(await adoptedAt()).toBe('2026-03-02T08:00:00.000Z');
      await t.http
        .delete(`/v1/best-practices/${id}/adoptions/${earlier.body.id}`)
        .set(bearer(org.member.token))
        .expect(204);
      expect(await adoptedAt()).toBe('2026-06-10T07:00:00.000Z');
      const changes = await t.db.query(
        `SELECT changes -> 'adoptedAt' AS adopted FROM audit_events
         WHERE entity_id = $1 AND action = 'update' ORDER BY occurred_at DESC, id DESC LIMIT 2`,
        [id],
      );
      expect(changes.map((c: { adopted: unknown }) => c.adopted)).toEqual([
        { from: '2026-03-02T08:00:00.000Z', to: '2026-06-10T07:00:00.000Z' },
        { from: '2026-06-10T07:00:00.000Z', to: '2026-03-02T08:00:00.000Z' },
      ]);
    });

    it('is adopted since its new first adoption after all were deleted', async () => {
      const other = (await propose(org.member.token, { ...described, title: 'Opnieuw' }).expect(201)).body.id;
      await patch(org.lead.token, other, { status: 'endorsed', version: 1 }).expect(200);
      // Adopted minutes after the endorsement (a moment ahead of the clock would be taken as now).
      t.clock.set('2026-06-20T10:05:00Z');
      const first = await adopt(
        org.member.token,
        { teamId, adoptedAt: '2026-06-20T10:00:30Z' },
        other,
      ).expect(201);
      await t.http
        .delete(`/v1/best-practices/${other}/adoptions/${first.body.id}`)
        .set(bearer(org.member.token))
        .expect(204);
      const kept = await t.http.get(`/v1/best-practices/${other}`).set(bearer(org.member.token)).expect(200);
      expect(kept.body).toEqual(
        expect.objectContaining({ status: 'adopted', adoptedAt: '2026-06-20T10:00:30.000Z' }),
      );
      await adopt(
        org.member.token,
        { teamId: secondTeamId, adoptedAt: '2026-06-20T10:02:00Z' },
        other,
      ).expect(201);
      const again = await t.http.get(`/v1/best-practices/${other}`).set(bearer(org.member.token)).expect(200);
      expect(again.body.adoptedAt).toBe('2026-06-20T10:02:00.000Z');
      // Two minutes ahead of the clock: taken as now.
      t.clock.set('2026-06-20T10:00:00Z');
      const third = await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Team Later' });
      const ahead = await adopt(
        org.member.token,
        { teamId: third.body.id, adoptedAt: '2026-06-20T10:02:00Z' },
        other,
      ).expect(201);
      expect(ahead.body.adoptedAt).toBe('2026-06-20T10:00:00.000Z');
    });

    it('follows the earliest adoption left after one made by mistake is deleted, also once retired', async () => {
      t.clock.set('2026-06-20T12:00:00Z');
      const retiring = (
        await propose(org.member.token, { ...described, title: 'Later met pensioen' }).expect(201)
      ).body.id;
      await patch(org.lead.token, retiring, { status: 'endorsed', version: 1 }).expect(200);
      t.clock.set('2026-06-20T13:00:00Z');
      const mistake = await adopt(
        org.member.token,
        { teamId, adoptedAt: '2026-06-20T12:10:00Z' },
        retiring,
      ).expect(201);
      await adopt(
        org.member.token,
        { teamId: secondTeamId, adoptedAt: '2026-06-20T12:30:00Z' },
        retiring,
      ).expect(201);
      const adopted = await t.http
        .get(`/v1/best-practices/${retiring}`)
        .set(bearer(org.lead.token))
        .expect(200);
      await patch(org.lead.token, retiring, { status: 'retired', version: adopted.body.version }).expect(200);
      await t.http
        .delete(`/v1/best-practices/${retiring}/adoptions/${mistake.body.id}`)
        .set(bearer(org.lead.token))
        .expect(204);
      const retired = await t.http
        .get(`/v1/best-practices/${retiring}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(retired.body).toEqual(
        expect.objectContaining({ status: 'retired', adoptedAt: '2026-06-20T12:30:00.000Z' }),
      );
    });
    describe("changing an adoption's result", () => {
      let practiceId: string;
      let byMember: { id: string; version: number };
      let byLead: { id: string; version: number };
      const change = (token: string, adoptionId: string, body: object, practice = practiceId) =>
        t.http.patch(`/v1/best-practices/${practice}/adoptions/${adoptionId}`).set(bearer(token)).send(body);
      const row = async (adoptionId: string) =>
        (
          await t.db.query(
            `SELECT result, version, team_id AS "teamId", adopted_at AS "adoptedAt", updated_at AS "updatedAt"
             FROM best_practice_adoptions WHERE id = $1`,
            [adoptionId],
          )
        )[0];
      const events = async (adoptionId: string) =>
        t.db.query(
          `SELECT action, actor_id AS "actorId", changes FROM audit_events
           WHERE entity_type = 'best-practice-adoption' AND entity_id = $1 ORDER BY occurred_at, id`,
          [adoptionId],
        );

      beforeAll(async () => {
        t.clock.set('2026-06-21T09:00:00Z');
        practiceId = (
          await propose(org.member.token, { ...described, title: 'Resultaat achteraf' }).expect(201)
        ).body.id;
        await patch(org.lead.token, practiceId, { status: 'endorsed', version: 1 }).expect(200);
        t.clock.set('2026-06-22T09:00:00Z');
        byMember = (
          await adopt(org.member.token, { teamId, adoptedAt: '2026-06-21T10:00:00Z' }, practiceId).expect(201)
        ).body;
        byLead = (
          await adopt(
            org.lead.token,
            { teamId: secondTeamId, adoptedAt: '2026-06-21T11:00:00Z', result: 'Nog te meten.' },
            practiceId,
          ).expect(201)
        ).body;
      });

      it('lets the recorder and a lead change it, audited, leaving the team and moment as they were', async () => {
        const practiceBefore = (
          await t.http.get(`/v1/best-practices/${practiceId}`).set(bearer(org.member.token)).expect(200)
        ).body;
        const own = await change(org.member.token, byMember.id, {
          result: 'Wachttijd van tien naar drie dagen.',
          version: 1,
        }).expect(200);
        expect(own.body).toEqual(
          expect.objectContaining({
            id: byMember.id,
            bestPracticeId: practiceId,
            teamId,
            adoptedAt: '2026-06-21T10:00:00.000Z',
            recordedById: org.member.id,
            result: 'Wachttijd van tien naar drie dagen.',
            version: 2,
          }),
        );
        const lead = await change(org.lead.token, byMember.id, {
          result: 'Drie dagen, ook na een jaar.',
          version: 2,
        });
        expect(lead.status).toBe(200);
        expect(lead.body).toEqual(
          expect.objectContaining({ result: 'Drie dagen, ook na een jaar.', version: 3 }),
        );
        // Emptied again: create takes an empty result too.
        await change(org.lead.token, byLead.id, { result: '', version: 1 }).expect(200);
        expect(await events(byMember.id)).toEqual([
          expect.objectContaining({ action: 'create', actorId: org.member.id }),
          {
            action: 'update',
            actorId: org.member.id,
            changes: { result: { from: '', to: 'Wachttijd van tien naar drie dagen.' } },
          },
          {
            action: 'update',
            actorId: org.lead.id,
            changes: {
              result: { from: 'Wachttijd van tien naar drie dagen.', to: 'Drie dagen, ook na een jaar.' },
            },
          },
        ]);
        expect((await row(byLead.id)).result).toBe('');
        // The best practice itself is not touched.
        const practiceAfter = (
          await t.http.get(`/v1/best-practices/${practiceId}`).set(bearer(org.member.token)).expect(200)
        ).body;
        expect(practiceAfter).toEqual(
          expect.objectContaining({ version: practiceBefore.version, adoptedAt: '2026-06-21T10:00:00.000Z' }),
        );
      });

      it('refuses another member (403, before a stale version), another organisation and another best practice (404)', async () => {
        const before = await row(byLead.id);
        const eventsBefore = (await events(byLead.id)).length;
        await change(org.member.token, byLead.id, { result: 'Overgenomen', version: before.version }).expect(
          403,
        );
        await change(org.member.token, byLead.id, { result: 'Overgenomen', version: 1 }).expect(403);
        const colleague = await createPerson(t.http, org.admin.token, {
          name: 'Cor Collega',
          accessRole: 'member',
        });
        await change(colleague.token, byMember.id, { result: 'Niet van mij', version: 3 }).expect(403);
        await change(other.lead.token, byLead.id, { result: 'Elders', version: before.version }).expect(404);
        await change(other.admin.token, byLead.id, { result: 'Elders', version: before.version }).expect(404);
        // The adoption belongs to another best practice of the same organisation: not found there.
        await change(
          org.lead.token,
          byLead.id,
          { result: 'Verkeerd pad', version: before.version },
          id,
        ).expect(404);
        await change(org.lead.token, '00000000-0000-4000-8000-000000000000', {
          result: 'Niets',
          version: 1,
        }).expect(404);
        expect(await row(byLead.id)).toEqual(before);
        expect((await events(byLead.id)).length).toBe(eventsBefore);
        expect((await row(byMember.id)).result).toBe('Drie dagen, ook na een jaar.');
      });

      it('gives 409 to a stale version and changes nothing', async () => {
        const before = await row(byMember.id);
        const stale = await change(org.member.token, byMember.id, { result: 'Te laat', version: 1 }).expect(
          409,
        );
        expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(stale.body.currentVersion).toBe(before.version);
        expect(await row(byMember.id)).toEqual(before);
      });

      it('refuses bad input and other fields with 400, writing nothing', async () => {
        const before = await row(byMember.id);
        const eventsBefore = (await events(byMember.id)).length;
        const version = before.version;
        const bad: [object, string][] = [
          [{ result: 'x'.repeat(20001), version }, 'result'],
          [{ result: 7, version }, 'result'],
          [{ result: null, version }, 'result'],
          [{ result: 'Zonder versie' }, 'version'],
          [{ result: 'Versie nul', version: 0 }, 'version'],
          [{ result: 'ok', adoptedAt: '2026-06-21T12:00:00Z', version }, 'adoptedAt'],
          [{ result: 'ok', teamId: secondTeamId, version }, 'teamId'],
          [{ recordedById: org.lead.id, version }, 'recordedById'],
          [{ bestPracticeId: id, version }, 'bestPracticeId'],
        ];
        for (const [body, field] of bad) {
          const response = await change(org.member.token, byMember.id, body);
          expect([field, response.status]).toEqual([field, 400]);
          expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(response.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
        }
        expect(await row(byMember.id)).toEqual(before);
        expect((await events(byMember.id)).length).toBe(eventsBefore);
        // The longest result create takes is taken here too.
        await change(org.member.token, byMember.id, { result: 'x'.repeat(20000), version }).expect(200);
        await change(org.member.token, byMember.id, {
          result: 'Drie dagen, ook na een jaar.',
          version: version + 1,
        }).expect(200);
      });

      it('gives no new version and no event for a PATCH that changes nothing', async () => {
        t.clock.set('2026-06-22T10:00:00Z');
        const before = await row(byMember.id);
        const eventsBefore = (await events(byMember.id)).length;
        const same = await change(org.member.token, byMember.id, {
          result: before.result,
          version: before.version,
        }).expect(200);
        expect(same.body).toEqual(
          expect.objectContaining({ result: before.result, version: before.version }),
        );
        const bare = await change(org.lead.token, byMember.id, { version: before.version }).expect(200);
        expect(bare.body.version).toBe(before.version);
        expect(await row(byMember.id)).toEqual(before);
        expect((await events(byMember.id)).length).toBe(eventsBefore);
      });

      it('still takes a result once the best practice is retired', async () => {
        const current = (
          await t.http.get(`/v1/best-practices/${practiceId}`).set(bearer(org.lead.token)).expect(200)
        ).body;
        await patch(org.lead.token, practiceId, { status: 'retired', version: current.version }).expect(200);
        const before = await row(byLead.id);
        const changed = await change(org.lead.token, byLead.id, {
          result: 'Na een jaar afgeschaft: het werkte niet meer.',
          version: before.version,
        }).expect(200);
        expect(changed.body).toEqual(
          expect.objectContaining({
            result: 'Na een jaar afgeschaft: het werkte niet meer.',
            version: before.version + 1,
          }),
        );
        // Still only by its recorder or a lead.
        await change(org.member.token, byLead.id, {
          result: 'Toch niet',
          version: before.version + 1,
        }).expect(403);
        const retired = (
          await t.http.get(`/v1/best-practices/${practiceId}`).set(bearer(org.lead.token)).expect(200)
        ).body;
        expect(retired).toEqual(
          expect.objectContaining({ status: 'retired', adoptedAt: '2026-06-21T10:00:00.000Z' }),
        );
      });
    });
  });

  describe('search and filters', () => {
    beforeAll(async () => {
      const lead = org.lead.token;
      await propose(lead, {
        title: 'Aanvraag in één keer goed',
        practice: 'Een checklist bij de intake.',
        tags: ['intake', ' Eerste Lijn', 'eerste lijn'],
      }).expect(201);
      await propose(lead, {
        title: 'Wekelijks ketenoverleg',
        context: 'Signalen over aanvragen bleven liggen.',
        evidence: 'Doorlooptijd halveerde.',
      }).expect(201);
      await propose(lead, {
        title: 'Ideeënbus voor uitvoerders',
        practice: 'Medewerkers dragen verbeteringen aan.',
      }).expect(201);
      await propose(other.lead.token, { title: 'Aanvraag elders' }).expect(201);
    });
    const search = (query: string) =>
      t.http.get(`/v1/best-practices?${query}`).set(bearer(org.member.token)).expect(200);

    it('finds Dutch inflections, ranks title matches first and stays in the own organisation', async () => {
      const response = await search('q=aanvragen');
      const titles = response.body.items.map((b: { title: string }) => b.title);
      // Two title matches (weight A) before the one that has it in its context (weight B).
      expect(titles.slice(0, 2).sort()).toEqual([
        'Aanvraag in één keer goed',
        'Vaste belafspraak bij complexe aanvragen',
      ]);
      expect(titles[2]).toBe('Wekelijks ketenoverleg');
      expect(response.body.total).toBe(3);
    });

    it('ignores accents and finds words in the practice text', async () => {
      const ideeen = await search('q=ideeen');
      expect(ideeen.body.items.map((b: { title: string }) => b.title)).toEqual([
        'Ideeënbus voor uitvoerders',
      ]);
      const een = await search(`q=${encodeURIComponent('checklist één')}`);
      expect(een.body.items.map((b: { title: string }) => b.title)).toEqual(['Aanvraag in één keer goed']);
    });

    it('matches nothing for stop words only or nonsense, and survives query syntax', async () => {
      expect((await search('q=de%20het%20een')).body.total).toBe(0);
      expect((await search(`q=${encodeURIComponent("& | ! ' ( :*")}`)).body.total).toBe(0);
      const operators = await search(`q=${encodeURIComponent("checklist & | !'(")}`);
      expect(operators.body.items.map((b: { title: string }) => b.title)).toEqual([
        'Aanvraag in één keer goed',
      ]);
      await t.http
        .get(`/v1/best-practices?q=${'x'.repeat(201)}`)
        .set(bearer(org.member.token))
        .expect(400);
      await t.http.get('/v1/best-practices?q=').set(bearer(org.member.token)).expect(400);
    });

    it('filters by status, tag, chain and team, combined with search', async () => {
      expect((await search('tag=intake')).body.items.map((b: { title: string }) => b.title)).toEqual([
        'Aanvraag in één keer goed',
      ]);
      // Tags are stored as for incidents (lower case, hyphens, once), and looked for the same way.
      const firstLine = await search(`tag=${encodeURIComponent('Eerste LIJN')}`);
      expect(firstLine.body.items.map((b: { tags: string[] }) => b.tags)).toEqual([
        ['intake', 'eerste-lijn'],
      ]);
      // Full-width letters (compatibility forms) are the tag typed plainly.
      const fullWidth = await search(`tag=${encodeURIComponent('\uff29\uff2e\uff34\uff21\uff2b\uff25')}`);
      expect(fullWidth.body.items.map((b: { title: string }) => b.title)).toEqual([
        'Aanvraag in één keer goed',
      ]);
      await t.http.get('/v1/best-practices?tag=').set(bearer(org.member.token)).expect(400);
      const byChain = await search(`chainId=${chainId}`);
      expect(byChain.body.items.map((b: { title: string }) => b.title)).toEqual([
        'Vaste belafspraak bij complexe aanvragen',
      ]);
      expect((await search(`q=aanvragen&teamId=${teamId}`)).body.items[0].chainId).toBe(chainId);
      expect(
        (await search('status=adopted')).body.items.every((b: { status: string }) => b.status === 'adopted'),
      ).toBe(true);
      await t.http.get('/v1/best-practices?status=klaar').set(bearer(org.member.token)).expect(400);
      for (const query of [
        'sort=relevance',
        'sort=naam',
        'createdFrom=gisteren',
        'createdFrom=2026-04-02&createdTo=2026-04-01',
      ])
        await t.http.get(`/v1/best-practices?${query}`).set(bearer(org.member.token)).expect(400);
      await t.http.get('/v1/best-practices?pageSize=101').set(bearer(org.member.token)).expect(400);
    });
  });

  it('sorts by title, status and dates, with a search too, and limits to a period', async () => {
    const fresh = await createOrganisation(t.http, t.systemToken);
    const list = async (query: string) =>
      (
        await t.http.get(`/v1/best-practices?${query}`).set(bearer(fresh.member.token)).expect(200)
      ).body.items.map((b: { title: string }) => b.title);
    for (const [title, at] of [
      ['beta: wekelijks overleg', '2026-03-01T10:00:00+01:00'],
      ['Alfa: checklist bij aanvragen', '2026-04-01T10:00:00+02:00'],
      ['Gamma: vaste belafspraak', '2026-05-01T10:00:00+02:00'],
    ]) {
      const { id } = (
        await t.http
          .post('/v1/best-practices')
          .set(bearer(fresh.member.token))
          .send({ ...described, title })
          .expect(201)
      ).body;
      await t.db.query(`UPDATE best_practices SET created_at = $2, updated_at = $2 WHERE id = $1`, [id, at]);
    }
    const [gamma] = await t.db.query(`SELECT id FROM best_practices WHERE title LIKE 'Gamma%'`);
    await t.http
      .patch(`/v1/best-practices/${gamma.id}`)
      .set(bearer(fresh.lead.token))
      .send({ version: 1, status: 'endorsed' })
      .expect(200);
    const [alfa, beta, gammaTitle] = [
      'Alfa: checklist bij aanvragen',
      'beta: wekelijks overleg',
      'Gamma: vaste belafspraak',
    ];
    expect(await list('')).toEqual([gammaTitle, alfa, beta]);
    expect(await list('sort=createdAt')).toEqual([beta, alfa, gammaTitle]);
    expect(await list('sort=title')).toEqual([alfa, beta, gammaTitle]);
    expect(await list('sort=-title')).toEqual([gammaTitle, beta, alfa]);
    expect(await list('sort=-status')).toEqual([gammaTitle, alfa, beta]);
    expect(await list('sort=-updatedAt')).toEqual([gammaTitle, alfa, beta]);
    expect(await list('q=aanvragen&sort=title')).toEqual([alfa]);
    expect(await list('createdFrom=2026-04-01&createdTo=2026-04-30')).toEqual([alfa]);
    expect(await list(`createdTo=${encodeURIComponent('2026-04-01T10:00:00+02:00')}`)).toEqual([beta]);
  });

  async function insertLesson(bestPracticeId: string, title: string): Promise<string> {
    const [row] = await t.db.query(
      `INSERT INTO lessons (organisation_id, source_type, source_id, title, addressed_role, drawn_by_id)
       VALUES ($1, 'best-practice', $2, $3, 'contractor', $4) RETURNING id`,
      [org.organisationId, bestPracticeId, title, org.member.id],
    );
    return row.id;
  }
});
