import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A confidential incident, and the lessons drawn from it, exist only for its reporter, the
 * chain's current triangle, and the organisation's leads and admins. For anybody else they are
 * never in a list, a total, a search, a similarity match, nor fetchable (404). The system
 * administrator does not work in an organisation's register at all (403).
 */
describe('incidents: confidentiality', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let chainId: string;
  let otherChainId: string;
  const people: Record<string, string> = {};
  let secret: { id: string; lessonId: string; actionId: string; lessonActionId: string; assignedId: string };
  let open: string;

  const incident = (token: string, body: Record<string, unknown>) =>
    t.http
      .post('/v1/incidents')
      .set(bearer(token))
      .send({
        chainId,
        description: '',
        occurredAt: '2026-06-01T09:00:00+02:00',
        severity: 'critical',
        publicAttention: 'parliamentary',
        source: 'staff',
        ...body,
      })
      .expect(201);
  const assign = (
    personId: string,
    role: string,
    validFrom: string,
    validTo: string | null,
    chain = chainId,
  ) =>
    t.http
      .post(`/v1/chains/${chain}/role-assignments`)
      .set(bearer(org.admin.token))
      .send({ personId, role, validFrom, validTo })
      .expect(201);

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' })).body
      .id;
    otherChainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Onderwijs' }))
      .body.id;
    for (const name of ['reporter', 'outsider', 'owner', 'former', 'future', 'elsewhere', 'assignee']) {
      const person = await createPerson(t.http, org.admin.token, { name, accessRole: 'member' });
      people[name] = person.token;
      people[`${name}Id`] = person.id;
    }
    people.lead = org.lead.token;
    people.admin = org.admin.token;
    people.system = t.systemToken;
    people.otherAdmin = other.admin.token;
    await assign(people.ownerId, 'owner', '2026-01-01', null);
    await assign(people.formerId, 'commissioner', '2025-01-01', '2026-06-14');
    await assign(people.futureId, 'contractor', '2026-06-16', null);
    await assign(people.elsewhereId, 'owner', '2026-01-01', null, otherChainId);

    const created = await incident(people.reporter, {
      title: 'Integriteitsschending bij uitbetaling kinderopvangtoeslag',
      description: 'Een medewerker keerde toeslagen uit aan familieleden. Trefwoord: zeldzaamheid.',
      confidentiality: 'confidential',
      tags: ['integriteit'],
    });
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(people.reporter))
      .send({
        sourceType: 'incident',
        sourceId: created.body.id,
        title: 'Vier-ogenprincipe bij uitbetaling zeldzaamheid',
        observation: 'Eén medewerker kon alleen uitbetalen.',
        insight: 'Er was geen tweede controle.',
        recommendation: 'Laat elke uitbetaling door een tweede medewerker fiatteren.',
        addressedRole: 'contractor',
      })
      .expect(201);
    await t.http
      .patch(`/v1/lessons/${lesson.body.id}`)
      .set(bearer(org.lead.token))
      .send({ version: 1, status: 'validated', response: 'adopted', responseReason: 'Direct ingevoerd.' })
      .expect(200);
    const [action] = await t.db.query(
      `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, status, created_by_id)
       VALUES ($1, $2, 'incident', $3, 'Aangifte doen', $4, '2026-07-01', 'open', $4) RETURNING id`,
      [org.organisationId, chainId, created.body.id, org.lead.id],
    );
    const followUp = (assigneeId: string, description: string) =>
      t.http
        .post('/v1/actions')
        .set(bearer(org.lead.token))
        .send({
          sourceType: 'lesson',
          sourceId: lesson.body.id,
          description,
          assigneeId,
          dueDate: '2026-08-01',
        })
        .expect(201);
    secret = {
      id: created.body.id,
      lessonId: lesson.body.id,
      actionId: action.id,
      lessonActionId: (await followUp(org.lead.id, 'Fiatteringsregel invoeren')).body.id,
      assignedId: (await followUp(people.assigneeId, 'Uitbetalingsrechten herzien')).body.id,
    };
    open = (
      await incident(people.outsider, {
        title: 'Vertraagde uitbetaling kinderopvangtoeslag',
        description: 'Uitbetalingen liepen een week vertraging op.',
        severity: 'low',
      })
    ).body.id;
  });
  afterAll(() => t.close());

  const mayNotSee = ['outsider', 'former', 'future', 'elsewhere'];
  const maySee = ['reporter', 'owner', 'lead', 'admin'];

  describe.each(mayNotSee)('for %s (no reporter, not in the triangle today, no lead)', (who) => {
    const token = () => people[who];

    it('is not found, nor its lesson, its similar incidents or its re-checks', async () => {
      await t.http.get(`/v1/incidents/${secret.id}`).set(bearer(token())).expect(404);
      await t.http.get(`/v1/incidents/${secret.id}/similar-incidents`).set(bearer(token())).expect(404);
      await t.http.get(`/v1/lessons/${secret.lessonId}`).set(bearer(token())).expect(404);
      await t.http.get(`/v1/lessons/${secret.lessonId}/rechecks`).set(bearer(token())).expect(404);
      for (const action of [secret.actionId, secret.lessonActionId])
        await t.http.get(`/v1/actions/${action}`).set(bearer(token())).expect(404);
    });

    it('cannot change or delete them, nor draw a lesson from the incident', async () => {
      await t.http
        .patch(`/v1/incidents/${secret.id}`)
        .set(bearer(token()))
        .send({ title: 'Overschreven', version: 1 })
        .expect(404);
      await t.http.delete(`/v1/incidents/${secret.id}`).set(bearer(token())).expect(404);
      await t.http
        .patch(`/v1/lessons/${secret.lessonId}`)
        .set(bearer(token()))
        .send({ title: 'Overschreven', version: 2 })
        .expect(404);
      await t.http.delete(`/v1/lessons/${secret.lessonId}`).set(bearer(token())).expect(404);
      for (const action of [secret.actionId, secret.lessonActionId]) {
        // A wrong version is not found either: a conflict would say the action exists.
        for (const version of [1, 99])
          await t.http
            .patch(`/v1/actions/${action}`)
            .set(bearer(token()))
            .send({ description: 'Overschreven', version })
            .expect(404);
        await t.http.delete(`/v1/actions/${action}`).set(bearer(token())).expect(404);
      }
      const drawn = await t.http
        .post('/v1/lessons')
        .set(bearer(token()))
        .send({ sourceType: 'incident', sourceId: secret.id, title: 'Poging', addressedRole: 'all' })
        .expect(422);
      expect(drawn.body.invalidParams[0].name).toBe('sourceId');
    });

    it('never appears in lists, totals, filters or search', async () => {
      const all = await t.http.get('/v1/incidents?pageSize=100').set(bearer(token())).expect(200);
      expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([open]);
      expect(all.body.total).toBe(1);
      for (const query of [
        'confidentiality=confidential',
        'q=zeldzaamheid',
        'q=integriteitsschending',
        'tag=integriteit',
        'severity=critical&publicAttention=parliamentary&source=staff',
      ]) {
        const response = await t.http.get(`/v1/incidents?${query}`).set(bearer(token())).expect(200);
        expect([query, response.body.total, response.body.items]).toEqual([query, 0, []]);
      }
      const lessons = await t.http.get('/v1/lessons?pageSize=100').set(bearer(token())).expect(200);
      expect(lessons.body).toEqual(expect.objectContaining({ total: 0, items: [] }));
      for (const query of [
        `sourceId=${secret.id}`,
        'q=zeldzaamheid',
        'status=validated',
        'sourceType=incident',
      ]) {
        const response = await t.http.get(`/v1/lessons?${query}`).set(bearer(token())).expect(200);
        expect([query, response.body.total]).toEqual([query, 0]);
      }
      for (const query of [
        'pageSize=100',
        `sourceId=${secret.id}`,
        `sourceId=${secret.lessonId}`,
        'sourceType=lesson',
        'sourceType=incident',
        `chainId=${chainId}`,
        'status=open',
      ]) {
        const response = await t.http.get(`/v1/actions?${query}`).set(bearer(token())).expect(200);
        expect([query, response.body.total, response.body.items]).toEqual([query, 0, []]);
      }
    });

    it('never appears among similar incidents', async () => {
      const similar = await t.http
        .get(`/v1/incidents/${open}/similar-incidents?withLessonsOnly=false`)
        .set(bearer(token()))
        .expect(200);
      expect(similar.body.items.map((s: { id: string }) => s.id)).not.toContain(secret.id);
    });
  });

  describe.each(maySee)('for %s', (who) => {
    const token = () => people[who];

    it('shows the incident with its lesson and action, in lists, filters and search', async () => {
      const fetched = await t.http.get(`/v1/incidents/${secret.id}`).set(bearer(token())).expect(200);
      expect(fetched.body.lessons.map((l: { id: string }) => l.id)).toEqual([secret.lessonId]);
      const followUps = [secret.actionId, secret.lessonActionId, secret.assignedId].sort();
      expect(fetched.body.actions.map((a: { id: string }) => a.id).sort()).toEqual(followUps);
      for (const query of ['confidentiality=confidential', 'q=zeldzaamheid', 'tag=integriteit']) {
        const response = await t.http.get(`/v1/incidents?${query}`).set(bearer(token())).expect(200);
        expect([query, response.body.items.map((i: { id: string }) => i.id)]).toEqual([query, [secret.id]]);
      }
      const lesson = await t.http.get(`/v1/lessons/${secret.lessonId}`).set(bearer(token())).expect(200);
      expect(lesson.body.source).toEqual({
        type: 'incident',
        id: secret.id,
        title: 'Integriteitsschending bij uitbetaling kinderopvangtoeslag',
      });
      const lessons = await t.http.get('/v1/lessons?q=zeldzaamheid').set(bearer(token())).expect(200);
      expect(lessons.body.items.map((l: { id: string }) => l.id)).toEqual([secret.lessonId]);
      const similar = await t.http
        .get(`/v1/incidents/${open}/similar-incidents?withLessonsOnly=false`)
        .set(bearer(token()))
        .expect(200);
      expect(similar.body.items.map((s: { id: string }) => s.id)).toContain(secret.id);
      await t.http.get(`/v1/actions/${secret.lessonActionId}`).set(bearer(token())).expect(200);
      const actions = await t.http
        .get(`/v1/actions?chainId=${chainId}&pageSize=100`)
        .set(bearer(token()))
        .expect(200);
      expect(actions.body.items.map((a: { id: string }) => a.id).sort()).toEqual(followUps);
      expect(actions.body.total).toBe(3);
    });
  });

  it('shows its assignee the action, and not its source', async () => {
    const assignee = people.assignee;
    await t.http.get(`/v1/lessons/${secret.lessonId}`).set(bearer(assignee)).expect(404);
    const list = await t.http.get('/v1/actions?pageSize=100').set(bearer(assignee)).expect(200);
    expect([list.body.total, list.body.items.map((a: { id: string }) => a.id)]).toEqual([
      1,
      [secret.assignedId],
    ]);
    await t.http.get(`/v1/actions/${secret.lessonActionId}`).set(bearer(assignee)).expect(404);
    // Handing it on would let the outsider read it too: that takes someone who sees the source.
    const handedOn = await t.http
      .patch(`/v1/actions/${secret.assignedId}`)
      .set(bearer(assignee))
      .send({ assigneeId: people.outsiderId, version: 1 })
      .expect(403);
    expect(handedOn.body.detail).toMatch(/confidential incident you may not see/);
    await t.http.get(`/v1/actions/${secret.assignedId}`).set(bearer(people.outsider)).expect(404);
    const kept = await t.http.get(`/v1/actions/${secret.assignedId}`).set(bearer(assignee)).expect(200);
    expect([kept.body.assigneeId, kept.body.version]).toEqual([people.assigneeId, 1]);
    const done = await t.http
      .patch(`/v1/actions/${secret.assignedId}`)
      .set(bearer(assignee))
      .send({ status: 'done', version: 1 })
      .expect(200);
    expect(done.body.status).toBe('done');
  });

  it('is no business of the system administrator, who gets 403 before anything is looked up', async () => {
    for (const path of [
      `/v1/incidents/${secret.id}`,
      '/v1/incidents?confidentiality=confidential',
      `/v1/lessons/${secret.lessonId}`,
      `/v1/actions/${secret.actionId}`,
      `/v1/incidents/${open}/similar-incidents`,
    ])
      expect([path, (await t.http.get(path).set(bearer(people.system))).status]).toEqual([path, 403]);
  });

  it("is not found for another organisation's admin", async () => {
    await t.http.get(`/v1/incidents/${secret.id}`).set(bearer(people.otherAdmin)).expect(404);
    await t.http.get(`/v1/lessons/${secret.lessonId}`).set(bearer(people.otherAdmin)).expect(404);
  });

  it('does not tell who may not see a hidden incident that it exists: no flag, no name', async () => {
    // A guessed title and a create must not answer "yes, there is such an incident".
    const outsider = await incident(people.outsider, {
      title: 'Integriteitsschending bij uitbetaling huurtoeslag',
      description: 'Een medewerker keerde toeslagen uit aan familieleden.',
    });
    expect(outsider.body.recurrence).toBe(false);
    expect(outsider.body.similarIncidents).toEqual([]);
    // The flag is shown to everyone who may see the new incident: one that everybody may see is
    // not flagged by the confidential one, whoever reports it. A lead still finds it (below).
    const byLead = await incident(people.lead, {
      title: 'Integriteitsschending bij uitbetaling huurtoeslag',
      description: 'Een medewerker keerde toeslagen uit aan familieleden.',
    });
    expect([byLead.body.recurrence, byLead.body.similarIncidents]).toEqual([false, []]);
    // A confidential report in the same chain is seen by the same triangle: flagged, and named.
    const owner = await incident(people.owner, {
      title: 'Integriteitsschending bij uitbetaling huurtoeslag',
      description: 'Een medewerker keerde toeslagen uit aan familieleden.',
      confidentiality: 'confidential',
    });
    expect(owner.body.recurrence).toBe(true);
    expect(owner.body.similarIncidents.map((s: { id: string }) => s.id)).toEqual([secret.id]);
    // Made internal, it is seen by all: the flag no longer rests on the confidential one.
    const published = await t.http
      .patch(`/v1/incidents/${owner.body.id}`)
      .set(bearer(people.owner))
      .send({ confidentiality: 'internal', version: owner.body.version })
      .expect(200);
    expect(published.body.recurrence).toBe(false);
    const [stored] = await t.db.query(`SELECT recurrence FROM incidents WHERE id = $1`, [owner.body.id]);
    expect(stored.recurrence).toBe(false);
    // Made confidential again: flagged again, as it was when reported so.
    const again = await t.http
      .patch(`/v1/incidents/${owner.body.id}`)
      .set(bearer(people.owner))
      .send({ confidentiality: 'confidential', version: published.body.version })
      .expect(200);
    expect(again.body.recurrence).toBe(true);
    // A lead making the outsider's report confidential decides with the reporter's eyes: the
    // outsider may not see the earlier one, so their report is not flagged by it.
    const hidden = await t.http
      .patch(`/v1/incidents/${outsider.body.id}`)
      .set(bearer(people.lead))
      .send({ confidentiality: 'confidential', version: outsider.body.version })
      .expect(200);
    expect(hidden.body.recurrence).toBe(false);
    const lead = await t.http
      .get(`/v1/incidents/${outsider.body.id}/similar-incidents`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(lead.body.items.map((s: { id: string }) => s.id)).toEqual([secret.id]);
    expect(lead.body.items[0].lessons.map((l: { id: string }) => l.id)).toEqual([secret.lessonId]);
  });

  it('lets only the reporter or a lead change who may see an incident', async () => {
    const patch = async (token: string, id: string, body: Record<string, unknown>) => {
      const { version } = (await t.http.get(`/v1/incidents/${id}`).set(bearer(token)).expect(200)).body;
      return t.http
        .patch(`/v1/incidents/${id}`)
        .set(bearer(token))
        .send({ ...body, version });
    };
    // The chain's owner (a member) sees the confidential report, but may not publish it or move it.
    const published = await patch(people.owner, secret.id, { confidentiality: 'internal' });
    expect([published.status, published.body.detail]).toEqual([
      403,
      expect.stringMatching(/reporter or a lead/),
    ]);
    const moved = await patch(people.owner, secret.id, { chainId: otherChainId });
    expect(moved.status).toBe(403);
    await t.http.get(`/v1/incidents/${secret.id}`).set(bearer(people.outsider)).expect(404);
    // Nor hide a colleague's internal one; its other fields stay theirs to edit.
    const hidden = await patch(people.elsewhere, open, { confidentiality: 'confidential' });
    expect(hidden.status).toBe(403);
    await patch(people.elsewhere, open, { tags: ['bereikbaarheid'] }).then((r) => expect(r.status).toBe(200));
    // The reporter and a lead may, and sending the same value back is no change.
    await patch(people.owner, secret.id, { confidentiality: 'confidential' }).then((r) =>
      expect(r.status).toBe(200),
    );
    await patch(people.lead, open, { confidentiality: 'confidential' }).then((r) =>
      expect(r.status).toBe(200),
    );
    await patch(people.lead, open, { confidentiality: 'internal' }).then((r) => expect(r.status).toBe(200));
  });

  it('follows the triangle by the Dutch calendar day', async () => {
    // 23:30 in Amsterdam on 15 June: the contractor starting on 16 June cannot see it yet.
    t.clock.set('2026-06-15T23:30:00+02:00');
    await t.http.get(`/v1/incidents/${secret.id}`).set(bearer(people.future)).expect(404);
    // 00:30 in Amsterdam on 16 June is still 15 June in UTC; the Dutch date counts.
    t.clock.set('2026-06-16T00:30:00+02:00');
    await t.http.get(`/v1/incidents/${secret.id}`).set(bearer(people.future)).expect(200);
    await t.http.get(`/v1/lessons/${secret.lessonId}`).set(bearer(people.future)).expect(200);
    t.clock.set('2026-06-15T10:00:00+02:00');
  });

  it('lets the triangle edit it, and shows it to everyone once its reporter makes it internal', async () => {
    const current = await t.http.get(`/v1/incidents/${secret.id}`).set(bearer(people.owner)).expect(200);
    const edited = await t.http
      .patch(`/v1/incidents/${secret.id}`)
      .set(bearer(people.owner))
      .send({ tags: ['integriteit', 'fiattering'], version: current.body.version })
      .expect(200);
    await t.http
      .patch(`/v1/incidents/${secret.id}`)
      .set(bearer(people.reporter))
      .send({ confidentiality: 'internal', version: edited.body.version })
      .expect(200);
    await t.http.get(`/v1/incidents/${secret.id}`).set(bearer(people.outsider)).expect(200);
    await t.http.get(`/v1/lessons/${secret.lessonId}`).set(bearer(people.outsider)).expect(200);
    const list = await t.http.get('/v1/incidents?q=zeldzaamheid').set(bearer(people.elsewhere)).expect(200);
    expect(list.body.total).toBe(1);
  });
});
