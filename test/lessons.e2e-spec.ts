import { Client } from 'pg';
import { incidentBody } from './support/incident-body';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('lessons', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let chainId: string;
  let sessionChainId: string;
  let otherChainId: string;
  let incidentId: string;
  let otherIncidentId: string;
  let bestPracticeId: string;
  let sessionId: string;
  let colleague: { id: string; token: string };

  const draw = (body: Record<string, unknown>, token = org.member.token) =>
    t.http
      .post('/v1/lessons')
      .set(bearer(token))
      .send({
        sourceType: 'incident',
        sourceId: incidentId,
        title: 'Test de betaalbatch na elke wijziging',
        observation: 'De betaling van maart kwam twee weken te laat.',
        insight: 'Een wijziging in de batch werd niet end-to-end getest.',
        recommendation: 'Test elke wijziging in de betaalketen integraal.',
        addressedRole: 'contractor',
        ...body,
      });
  const patch = (id: string, body: Record<string, unknown>, token = org.lead.token) =>
    t.http.patch(`/v1/lessons/${id}`).set(bearer(token)).send(body);
  const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM lessons'))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-10T10:00:00+01:00');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    colleague = await createPerson(t.http, org.admin.token, { name: 'Collega', accessRole: 'member' });
    const chain = async (fixture: OrgFixture, name: string) =>
      (await t.http.post('/v1/chains').set(bearer(fixture.admin.token)).send({ name }).expect(201)).body.id;
    chainId = await chain(org, 'Toeslagen');
    sessionChainId = await chain(org, 'Belastingen');
    otherChainId = await chain(other, 'Elders');
    const incident = (fixture: OrgFixture, chain: string) =>
      t.http
        .post('/v1/incidents')
        .set(bearer(fixture.member.token))
        .send({
          chainId: chain,
          title: 'Kinderopvangtoeslag te laat uitbetaald',
          occurredAt: '2026-03-01T09:00:00+01:00',
          severity: 'high',
          publicAttention: 'national',
          source: 'media',
        })
        .expect(201);
    incidentId = (await incident(org, chainId)).body.id;
    otherIncidentId = (await incident(other, otherChainId)).body.id;
    [{ id: bestPracticeId }] = await t.db.query(
      `INSERT INTO best_practices (organisation_id, chain_id, title, context, practice, evidence, status, proposed_by_id)
       VALUES ($1, NULL, 'Ketenoverleg elke maand', 'c', 'p', 'e', 'proposed', $2) RETURNING id`,
      [org.organisationId, org.member.id],
    );
    const [series] = await t.db.query(
      `INSERT INTO reflection_series (organisation_id, chain_id, title, kind, chair_id, rrule, first_start, duration_minutes)
       VALUES ($1, $2, 'Driehoeksoverleg', 'triangle', $3, 'FREQ=MONTHLY', '2026-03-03T09:00:00Z', 90) RETURNING id`,
      [org.organisationId, sessionChainId, org.lead.id],
    );
    [{ id: sessionId }] = await t.db.query(
      `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at)
       VALUES ($1, $2, '2026-03-03T09:00:00Z', '2026-03-03T09:00:00Z', '2026-03-03T10:30:00Z') RETURNING id`,
      [series.id, org.organisationId],
    );
  });
  afterAll(() => t.close());

  describe('drawing a lesson', () => {
    it('from an incident: a draft in the chain of the incident, by the member, audited', async () => {
      const drawn = await draw({}).expect(201);
      expect(drawn.body).toEqual(
        expect.objectContaining({
          organisationId: org.organisationId,
          chainId,
          sourceType: 'incident',
          sourceId: incidentId,
          status: 'draft',
          drawnById: org.member.id,
          response: null,
          validatedAt: null,
          recheckAt: null,
          source: { type: 'incident', id: incidentId, title: 'Kinderopvangtoeslag te laat uitbetaald' },
          actions: [],
          rechecks: [],
        }),
      );
      const audit = await t.http
        .get(`/v1/audit-events?entityId=${drawn.body.id}`)
        .set(bearer(org.admin.token))
        .expect(200);
      expect(audit.body.items).toEqual([expect.objectContaining({ action: 'create', entityType: 'lesson' })]);
      const incident = await t.http.get(`/v1/incidents/${incidentId}`).set(bearer(org.member.token));
      expect(incident.body.lessons).toEqual(
        expect.arrayContaining([{ id: drawn.body.id, title: drawn.body.title, status: 'draft' }]),
      );
    });

    it("from a best practice (no chain) and a reflection session (its series' chain)", async () => {
      const fromPractice = await draw({ sourceType: 'best-practice', sourceId: bestPracticeId }).expect(201);
      expect(fromPractice.body).toEqual(
        expect.objectContaining({
          chainId: null,
          source: { type: 'best-practice', id: bestPracticeId, title: 'Ketenoverleg elke maand' },
        }),
      );
      const fromSession = await draw({ sourceType: 'reflection-session', sourceId: sessionId }).expect(201);
      expect(fromSession.body).toEqual(
        expect.objectContaining({
          chainId: sessionChainId,
          source: { type: 'reflection-session', id: sessionId, title: 'Driehoeksoverleg (2026-03-03)' },
        }),
      );
      const chosen = await draw({ chainId: sessionChainId }).expect(201);
      expect(chosen.body.chainId).toBe(sessionChainId);
      const none = await draw({ chainId: null }).expect(201);
      expect(none.body.chainId).toBeNull();
    });

    it("dates a reflection session in its series' own time zone", async () => {
      // Held on Bonaire at 20:00 local time (UTC-4): in Amsterdam it is already 01:00 the next day.
      const [series] = await t.db.query(
        `INSERT INTO reflection_series (organisation_id, title, kind, chair_id, rrule, first_start, duration_minutes, time_zone)
         VALUES ($1, 'Driehoeksoverleg Bonaire', 'triangle', $2, 'FREQ=MONTHLY', '2026-03-04T00:00:00Z', 60, 'America/Kralendijk')
         RETURNING id`,
        [org.organisationId, org.lead.id],
      );
      const [session] = await t.db.query(
        `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at)
         VALUES ($1, $2, '2026-03-04T00:00:00Z', '2026-03-04T00:00:00Z', '2026-03-04T01:00:00Z') RETURNING id`,
        [series.id, org.organisationId],
      );
      const drawn = await draw({
        sourceType: 'reflection-session',
        sourceId: session.id,
        title: 'Agenda eerder rondsturen',
        addressedRole: 'all',
      }).expect(201);
      expect(drawn.body.source.title).toBe('Driehoeksoverleg Bonaire (2026-03-03)');
      const read = await t.http.get(`/v1/lessons/${drawn.body.id}`).set(bearer(org.member.token)).expect(200);
      expect(read.body.source.title).toBe('Driehoeksoverleg Bonaire (2026-03-03)');
    });

    it("refuses a source or chain that is not in the caller's organisation with 422, writing nothing", async () => {
      const before = await count();
      for (const body of [
        { sourceId: otherIncidentId },
        { sourceId: '00000000-0000-4000-8000-000000000000' },
        { sourceType: 'best-practice', sourceId: incidentId },
        { sourceType: 'reflection-session', sourceId: bestPracticeId },
        { chainId: otherChainId },
      ]) {
        const response = await draw(body).expect(422);
        expect(response.body.invalidParams).toHaveLength(1);
      }
      expect(await count()).toBe(before);
    });

    it('refuses bad input with 400, writing nothing', async () => {
      const before = await count();
      for (const body of [
        { sourceType: 'meeting' },
        { sourceId: 'abc' },
        { title: '' },
        { title: '   ' },
        { title: 'x'.repeat(301) },
        { observation: 'x'.repeat(20001) },
        { addressedRole: 'minister' },
        { status: 'validated' },
        { drawnById: org.lead.id },
        { title: ['lijst'] },
      ])
        await draw(body).expect(400);
      expect(await count()).toBe(before);
    });
  });

  describe('life cycle', () => {
    let id: string;
    let version: number;

    beforeAll(async () => {
      const drawn = await draw({}).expect(201);
      id = drawn.body.id;
      version = drawn.body.version;
    });

    it('lets members edit a draft, but not validate it', async () => {
      const edited = await patch(id, { version, insight: 'Geen integrale test.' }, org.member.token).expect(
        200,
      );
      version = edited.body.version;
      await patch(
        id,
        { version, status: 'validated', response: 'adopted', responseReason: 'x' },
        org.member.token,
      ).expect(403);
      await patch(id, { version, response: 'adopted' }, org.member.token).expect(403);
      // The draft sent back as read, status included, is the member's to send.
      const resent = await patch(
        id,
        { version, status: 'draft', title: 'Test de betaalbatch na elke wijziging' },
        org.member.token,
      );
      expect(resent.status).toBe(200);
      version = resent.body.version;
    });

    it('refuses bad changes with 400', async () => {
      for (const body of [
        { title: null },
        { addressedRole: null },
        { addressedRole: 'minister' },
        { observation: 'x'.repeat(20001) },
        { sourceId: incidentId },
        { status: 'done' },
        { recheckAt: 'morgen' },
      ])
        await patch(id, { version, ...body }, org.member.token).expect(400);
      await patch(id, { title: 'Zonder versie' }, org.member.token).expect(400);
      await patch(id, { version: version + 1, title: 'Verouderd' }, org.member.token).expect(409);
    });

    it('refuses skipping to embedded, and validating without a response or its reason', async () => {
      const skip = await patch(id, { version, status: 'embedded', evidence: 'x' }).expect(409);
      expect(skip.body.allowedNextStates).toEqual(['validated']);
      expect((await patch(id, { version, status: 'validated' }).expect(400)).body.invalidParams[0].name).toBe(
        'response',
      );
      await patch(id, { version, status: 'validated', response: 'adopted' }).expect(400);
      const blank = await patch(id, {
        version,
        status: 'validated',
        response: 'adopted',
        responseReason: '  ',
      });
      expect([blank.status, blank.body.invalidParams?.[0].name]).toEqual([400, 'responseReason']);
      await patch(id, { version, status: 'validated', response: 'maybe', responseReason: 'x' }).expect(400);
      await patch(id, { version, response: 'adopted', responseReason: 'x' }).expect(400);
      // The field sent is the one named.
      const reasonAlone = await patch(id, { version, responseReason: 'x' }).expect(400);
      expect(reasonAlone.body.invalidParams).toEqual([
        { name: 'responseReason', reason: 'is given when validating (status validated)' },
      ]);
    });

    it('is validated by a lead with response and reason', async () => {
      t.clock.set('2026-03-12T10:00:00+01:00');
      const validated = await patch(id, {
        version,
        status: 'validated',
        response: 'partially',
        responseReason: 'Alleen voor de grote batches.',
      }).expect(200);
      version = validated.body.version;
      expect(validated.body).toEqual(
        expect.objectContaining({
          status: 'validated',
          response: 'partially',
          responseReason: 'Alleen voor de grote batches.',
          validatedAt: '2026-03-12T09:00:00.000Z',
          validatedById: org.lead.id,
        }),
      );
      const back = await patch(id, { version, status: 'draft' }).expect(409);
      expect(back.body.allowedNextStates).toEqual(['embedded', 'retired']);
      await patch(id, { version, title: 'Nieuw' }, org.member.token).expect(403);
    });

    it('is embedded by a lead with evidence; the re-check defaults to six months later', async () => {
      await patch(id, { version, status: 'embedded' }).expect(400);
      await patch(id, { version, status: 'embedded', evidence: 'x' }, org.member.token).expect(403);
      t.clock.set('2026-03-20T10:00:00+01:00');
      const embedded = await patch(id, {
        version,
        status: 'embedded',
        evidence: 'Opgenomen in het testprotocol van de batch.',
      }).expect(200);
      version = embedded.body.version;
      // Six calendar months in Dutch time: 10:00 in winter time becomes 10:00 in summer time.
      expect(embedded.body).toEqual(
        expect.objectContaining({
          status: 'embedded',
          embeddedAt: '2026-03-20T09:00:00.000Z',
          recheckAt: '2026-09-20T08:00:00.000Z',
        }),
      );
      await patch(id, { version, recheckAt: '2026-03-01T00:00:00Z' }).expect(400);
      const farAhead = await patch(id, { version, recheckAt: '2036-03-20T09:00:00.001Z' }).expect(400);
      expect(farAhead.body.invalidParams).toEqual([
        {
          name: 'recheckAt',
          reason: 'must not be more than ten years ahead (not after 2036-03-20T09:00:00.000Z)',
        },
      ]);
      const moved = await patch(id, { version, recheckAt: '2026-12-01T09:00:00+01:00' }).expect(200);
      version = moved.body.version;
      expect(moved.body.recheckAt).toBe('2026-12-01T08:00:00.000Z');
    });

    it('records effectiveness re-checks (leads, embedded lessons only), history kept', async () => {
      const draft = (await draw({}).expect(201)).body.id;
      await t.http
        .post(`/v1/lessons/${draft}/rechecks`)
        .set(bearer(org.lead.token))
        .send({ outcome: 'effective' })
        .expect(409);
      await t.http
        .post(`/v1/lessons/${id}/rechecks`)
        .set(bearer(org.member.token))
        .send({ outcome: 'effective' })
        .expect(403);
      for (const body of [
        { outcome: 'stuck' },
        { outcome: 'effective', checkedAt: '2026-12-02' },
        { outcome: 'effective', checkedAt: '2099-01-01T00:00:00Z' },
        { outcome: 'effective', note: 'x'.repeat(20001) },
        { outcome: 'effective', nextRecheckAt: 'volgend jaar' },
        { outcome: 'effective', lessonId: draft },
      ])
        await t.http.post(`/v1/lessons/${id}/rechecks`).set(bearer(org.lead.token)).send(body).expect(400);
      expect((await t.db.query('SELECT count(*)::int AS n FROM lesson_rechecks'))[0].n).toBe(0);

      t.clock.set('2026-12-02T10:00:00+01:00');
      const due = await t.http.get('/v1/lessons?recheckDue=true').set(bearer(org.lead.token)).expect(200);
      expect(due.body.items.map((l: { id: string }) => l.id)).toEqual([id]);

      await t.http
        .post(`/v1/lessons/${id}/rechecks`)
        .set(bearer(org.lead.token))
        .send({ outcome: 'effective', nextRecheckAt: '2026-12-01T00:00:00Z' })
        .expect(400);
      const farAhead = await t.http
        .post(`/v1/lessons/${id}/rechecks`)
        .set(bearer(org.lead.token))
        .send({ outcome: 'effective', nextRecheckAt: '9999-12-31T23:59:59Z' })
        .expect(400);
      expect(farAhead.body.invalidParams).toEqual([
        {
          name: 'nextRecheckAt',
          reason: 'must not be more than ten years ahead (not after 2036-12-02T09:00:00.000Z)',
        },
      ]);
      const first = await t.http
        .post(`/v1/lessons/${id}/rechecks`)
        .set(bearer(org.lead.token))
        .send({
          outcome: 'partly-effective',
          note: 'Kleine batches nog niet.',
          nextRecheckAt: '2027-06-01T09:00:00+02:00',
        })
        .expect(201);
      expect(first.body).toEqual(
        expect.objectContaining({
          lessonId: id,
          outcome: 'partly-effective',
          checkedAt: '2026-12-02T09:00:00.000Z',
          checkedById: org.lead.id,
          nextRecheckAt: '2027-06-01T07:00:00.000Z',
        }),
      );
      const lesson = await t.http.get(`/v1/lessons/${id}`).set(bearer(org.member.token)).expect(200);
      expect(lesson.body).toEqual(
        expect.objectContaining({
          recheckedAt: '2026-12-02T09:00:00.000Z',
          recheckAt: '2027-06-01T07:00:00.000Z',
        }),
      );
      expect(lesson.body.rechecks.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
      version = lesson.body.version;
      // A re-check is planned after the last one (the agenda proposes only those).
      const before = await patch(id, { version, recheckAt: '2026-12-01T10:00:00+01:00' });
      expect([before.status, before.body.invalidParams?.[0].name]).toEqual([400, 'recheckAt']);
      const notDue = await t.http.get('/v1/lessons?recheckDue=true').set(bearer(org.lead.token)).expect(200);
      expect(notDue.body.total).toBe(0);

      // A check is never recorded before the last one.
      await t.http
        .post(`/v1/lessons/${id}/rechecks`)
        .set(bearer(org.lead.token))
        .send({ outcome: 'effective', checkedAt: '2026-12-02T09:30:00+01:00' })
        .expect(400);
      t.clock.set('2026-12-02T11:00:00+01:00');
      const last = await t.http
        .post(`/v1/lessons/${id}/rechecks`)
        .set(bearer(org.lead.token))
        .send({ outcome: 'effective', checkedAt: '2026-12-02T10:30:00+01:00' })
        .expect(201);
      // A minute ahead (a clock running fast) is taken as now, so a check recorded next is not "before" it.
      const fast = await t.http
        .post(`/v1/lessons/${id}/rechecks`)
        .set(bearer(org.lead.token))
        .send({ outcome: 'effective', checkedAt: '2026-12-02T11:01:00+01:00' })
        .expect(201);
      expect(fast.body.checkedAt).toBe('2026-12-02T10:00:00.000Z');
      t.clock.set('2026-12-02T11:02:00+01:00');
      const next = await t.http
        .post(`/v1/lessons/${id}/rechecks`)
        .set(bearer(org.lead.token))
        .send({ outcome: 'effective' })
        .expect(201);
      t.clock.set('2026-12-02T11:00:00+01:00');
      const list = await t.http.get(`/v1/lessons/${id}/rechecks`).set(bearer(org.member.token)).expect(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([
        next.body.id,
        fast.body.id,
        last.body.id,
        first.body.id,
      ]);
      const after = await t.http.get(`/v1/lessons/${id}`).set(bearer(org.member.token)).expect(200);
      expect(after.body.recheckAt).toBeNull();
      version = after.body.version;
      // With no next re-check it is not due: it is among the lessons that are not due.
      const ids = async (query: string) =>
        (
          await t.http.get(`/v1/lessons?${query}&pageSize=100`).set(bearer(org.lead.token)).expect(200)
        ).body.items.map((l: { id: string }) => l.id);
      expect(await ids('recheckDue=true')).not.toContain(id);
      expect(await ids('recheckDue=false')).toContain(id);
      const audit = await t.http
        .get(`/v1/audit-events?entityType=lesson-recheck`)
        .set(bearer(org.admin.token))
        .expect(200);
      expect(audit.body.total).toBe(4);
      // Each says which planned re-check it answered, as the re-check itself does.
      const [recheck] = (
        await t.http.get(`/v1/lessons/${id}/rechecks`).set(bearer(org.lead.token))
      ).body.items.filter((r: { dueAt: string | null }) => r.dueAt !== null);
      const [event] = audit.body.items.filter((e: { entityId: string }) => e.entityId === recheck.id);
      expect(event.changes.dueAt).toEqual({ from: null, to: recheck.dueAt });
    });

    it('checks a lesson that did not stick again six months on, unless the lead says when or not at all', async () => {
      t.clock.set('2026-12-02T11:05:00+01:00');
      const recheck = (body: object) =>
        t.http.post(`/v1/lessons/${id}/rechecks`).set(bearer(org.lead.token)).send(body).expect(201);
      const recheckAt = async () =>
        (await t.http.get(`/v1/lessons/${id}`).set(bearer(org.lead.token)).expect(200)).body.recheckAt;
      // Not effective: it comes back (on the agenda, in recheckDue) six months later, Dutch time.
      const failed = await recheck({ outcome: 'not-effective', note: 'Weer uitval in de batch.' });
      expect(failed.body.nextRecheckAt).toBe('2027-06-02T09:05:00.000Z');
      expect(await recheckAt()).toBe('2027-06-02T09:05:00.000Z');
      t.clock.set('2026-12-02T11:06:00+01:00');
      await recheck({ outcome: 'partly-effective', nextRecheckAt: null });
      expect(await recheckAt()).toBeNull();
      t.clock.set('2026-12-02T11:07:00+01:00');
      await recheck({ outcome: 'partly-effective' });
      expect(await recheckAt()).toBe('2027-06-02T09:07:00.000Z');
      // A check recorded late plans the next six months from now, not at once.
      t.clock.set('2026-12-02T11:08:00+01:00');
      await recheck({ outcome: 'not-effective', checkedAt: '2026-12-02T11:07:30+01:00' });
      expect(await recheckAt()).toBe('2027-06-02T09:08:00.000Z');
      t.clock.set('2026-12-02T11:09:00+01:00');
      await recheck({ outcome: 'effective' });
      expect(await recheckAt()).toBeNull();
      version = (await t.http.get(`/v1/lessons/${id}`).set(bearer(org.lead.token))).body.version;
      t.clock.set('2026-12-02T11:00:00+01:00');
    });

    it('is retired by a lead, after which nothing changes', async () => {
      const retired = await patch(id, { version, status: 'retired' }).expect(200);
      version = retired.body.version;
      expect(retired.body.retiredAt).toBe('2026-12-02T10:00:00.000Z');
      const again = await patch(id, { version, status: 'embedded' }).expect(409);
      expect(again.body.allowedNextStates).toEqual([]);
      await patch(id, { version, title: 'Nieuw' }).expect(409);
      // Sent back as read, it changes nothing, and that is no conflict.
      await patch(id, { version, status: 'retired' }).expect(200);
      await t.http.delete(`/v1/lessons/${id}`).set(bearer(org.lead.token)).expect(409);
    });

    it('can be retired straight from validated', async () => {
      const drawn = (await draw({}).expect(201)).body;
      const validated = await patch(drawn.id, {
        version: drawn.version,
        status: 'validated',
        response: 'not-adopted',
        responseReason: 'Te duur.',
      }).expect(200);
      await patch(drawn.id, { version: validated.body.version, status: 'retired' }).expect(200);
    });

    it('names everything validating still needs in one problem', async () => {
      const drawn = (await draw({ insight: undefined, recommendation: undefined }).expect(201)).body;
      const refused = await patch(drawn.id, { version: drawn.version, status: 'validated' }).expect(400);
      expect(refused.body.invalidParams).toEqual([
        { name: 'insight', reason: 'must be filled in before validating' },
        { name: 'recommendation', reason: 'must be filled in before validating' },
        { name: 'response', reason: 'is required to validate a lesson' },
        { name: 'responseReason', reason: 'is required to validate a lesson' },
      ]);
      expect(refused.body.detail).toContain('insight: must be filled in before validating; recommendation:');
      const unchanged = await t.http.get(`/v1/lessons/${drawn.id}`).set(bearer(org.lead.token)).expect(200);
      expect(unchanged.body).toEqual(expect.objectContaining({ status: 'draft', version: drawn.version }));
    });

    it('keeps what validating required filled in, and plans no re-check of a retired lesson', async () => {
      const drawn = (await draw({}).expect(201)).body;
      const validated = await patch(drawn.id, {
        version: drawn.version,
        status: 'validated',
        response: 'adopted',
        responseReason: 'Past in de werkwijze.',
      }).expect(200);
      const blank = await patch(drawn.id, {
        version: validated.body.version,
        insight: '  ',
        recommendation: '',
      }).expect(400);
      expect(blank.body.invalidParams).toEqual([
        { name: 'insight', reason: 'must stay filled in once the lesson is validated' },
        { name: 'recommendation', reason: 'must stay filled in once the lesson is validated' },
      ]);
      const embedded = await patch(drawn.id, {
        version: validated.body.version,
        status: 'embedded',
        evidence: 'Werkinstructie aangepast.',
      }).expect(200);
      expect(embedded.body.recheckAt).toEqual(expect.any(String));
      const retired = await patch(drawn.id, { version: embedded.body.version, status: 'retired' }).expect(
        200,
      );
      expect(retired.body.recheckAt).toBeNull();
    });

    it('refuses to retire a validated lesson while blanking what validating required (400, nothing written)', async () => {
      const drawn = (await draw({}).expect(201)).body;
      const validated = await patch(drawn.id, {
        version: drawn.version,
        status: 'validated',
        response: 'adopted',
        responseReason: 'Past in de werkwijze.',
      }).expect(200);
      // Retired, it could never be filled in again.
      const retired = await patch(drawn.id, {
        version: validated.body.version,
        status: 'retired',
        observation: '',
        recommendation: ' ',
      }).expect(400);
      expect(retired.body.invalidParams).toEqual([
        { name: 'observation', reason: 'must stay filled in once the lesson is validated' },
        { name: 'recommendation', reason: 'must stay filled in once the lesson is validated' },
      ]);
      const [row] = await t.db.query(
        'SELECT status, observation, recommendation FROM lessons WHERE id = $1',
        [drawn.id],
      );
      expect(row).toEqual({
        status: 'validated',
        observation: 'De betaling van maart kwam twee weken te laat.',
        recommendation: 'Test elke wijziging in de betaalketen integraal.',
      });
    });

    it('embeds only a lesson that was adopted, and keeps the response as validated once embedded', async () => {
      const drawn = (await draw({}).expect(201)).body;
      let current = (
        await patch(drawn.id, {
          version: drawn.version,
          status: 'validated',
          response: 'not-adopted',
          responseReason: 'Geen budget.',
        }).expect(200)
      ).body;
      const refused = await patch(drawn.id, {
        version: current.version,
        status: 'embedded',
        evidence: 'Werkinstructie aangepast.',
      }).expect(409);
      expect(refused.body.detail).toMatch(/not adopted/);
      // An invalid transition like the others: what it may do next is said.
      expect(refused.body.type).toMatch(/invalid-transition$/);
      expect(refused.body.allowedNextStates).toEqual(['retired']);
      // Reconsidered while validated: partly adopted after all, and then embedded.
      current = (
        await patch(drawn.id, {
          version: current.version,
          response: 'partially',
          responseReason: 'Alleen de controle.',
        }).expect(200)
      ).body;
      current = (
        await patch(drawn.id, {
          version: current.version,
          status: 'embedded',
          evidence: 'Werkinstructie aangepast.',
        }).expect(200)
      ).body;
      const late = await patch(drawn.id, { version: current.version, response: 'not-adopted' }).expect(400);
      expect(late.body.invalidParams[0].name).toBe('response');
    });

    it('states in the OpenAPI document what validating and embedding need', async () => {
      const doc = (await t.http.get('/v1/openapi.json').expect(200)).body;
      const status: string = doc.components.schemas.UpdateLessonDto.properties.status.description;
      expect(status).toMatch(/observation, insight and recommendation filled in/);
      expect(status).toMatch(/not when the response is not-adopted/);
    });

    it('audits every step with the changed fields', async () => {
      const audit = await t.http
        .get(`/v1/audit-events?entityId=${id}&pageSize=100`)
        .set(bearer(org.admin.token))
        .expect(200);
      const statuses = audit.body.items
        .map((e: { changes: { status?: { to: string } } }) => e.changes.status?.to)
        .filter(Boolean)
        .reverse();
      expect(statuses).toEqual(['draft', 'validated', 'embedded', 'retired']);
    });
  });

  describe('delete', () => {
    it('deletes a draft by its author or a lead, not by another member', async () => {
      const mine = (await draw({}).expect(201)).body.id;
      await t.http.delete(`/v1/lessons/${mine}`).set(bearer(colleague.token)).expect(403);
      await t.http.delete(`/v1/lessons/${mine}`).set(bearer(org.member.token)).expect(204);
      await t.http.get(`/v1/lessons/${mine}`).set(bearer(org.member.token)).expect(404);
      const theirs = (await draw({}).expect(201)).body.id;
      await t.http.delete(`/v1/lessons/${theirs}`).set(bearer(org.lead.token)).expect(204);
      await t.http.delete(`/v1/lessons/${theirs}`).set(bearer(org.lead.token)).expect(404);
      const audit = await t.http
        .get(`/v1/audit-events?entityId=${theirs}&action=delete`)
        .set(bearer(org.admin.token))
        .expect(200);
      expect(audit.body.total).toBe(1);
    });

    it('keeps the only lesson of an incident that is lessons-drawn, not another one', async () => {
      const drawnFrom = (
        await t.http
          .post('/v1/incidents')
          .set(bearer(org.member.token))
          .send({ ...incidentBody(chainId), title: 'Beschikking met verkeerd bedrag' })
          .expect(201)
      ).body.id;
      const only = (await draw({ sourceId: drawnFrom }).expect(201)).body.id;
      await t.http
        .patch(`/v1/incidents/${drawnFrom}`)
        .set(bearer(org.member.token))
        .send({ version: 1, status: 'analysing' })
        .expect(200);
      await t.http
        .patch(`/v1/incidents/${drawnFrom}`)
        .set(bearer(org.member.token))
        .send({ version: 2, status: 'lessons-drawn' })
        .expect(200);
      const refused = await t.http.delete(`/v1/lessons/${only}`).set(bearer(org.member.token)).expect(409);
      expect(refused.body.detail).toMatch(/only lesson/);
      const second = (await draw({ sourceId: drawnFrom }).expect(201)).body.id;
      await t.http.delete(`/v1/lessons/${second}`).set(bearer(org.member.token)).expect(204);
      await t.http.get(`/v1/lessons/${only}`).set(bearer(org.member.token)).expect(200);

      // Two deletes at once of its only two: one goes, the other counts what is left and refuses.
      const third = (await draw({ sourceId: drawnFrom }).expect(201)).body.id;
      const holder = new Client({ connectionString: t.db.url });
      await holder.connect();
      try {
        // Both requests meet at the incident, held here as its status change would hold it.
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [drawnFrom]);
        const deletes = [only, third].map((id) =>
          t.http
            .delete(`/v1/lessons/${id}`)
            .set(bearer(org.member.token))
            .then((response) => response.status),
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        await holder.query('COMMIT');
        expect((await Promise.all(deletes)).sort()).toEqual([204, 409]);
      } finally {
        await holder.end();
      }
    });
  });

  describe('links', () => {
    it('shows the actions of a lesson on the lesson and on its incident', async () => {
      const lesson = (await draw({ title: 'Les met actie' }).expect(201)).body;
      const [action] = await t.db.query(
        `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, status, created_by_id)
         VALUES ($1, $2, 'lesson', $3, 'Testprotocol aanpassen', $4, '2026-04-01', 'open', $4) RETURNING id`,
        [org.organisationId, chainId, lesson.id, org.lead.id],
      );
      const fetched = await t.http.get(`/v1/lessons/${lesson.id}`).set(bearer(org.member.token)).expect(200);
      expect(fetched.body.actions).toEqual([
        {
          id: action.id,
          description: 'Testprotocol aanpassen',
          status: 'open',
          dueDate: '2026-04-01',
          assigneeId: org.lead.id,
          sourceType: 'lesson',
          sourceId: lesson.id,
        },
      ]);
      const incident = await t.http
        .get(`/v1/incidents/${incidentId}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(incident.body.actions.map((a: { id: string }) => a.id)).toContain(action.id);
      // A draft with an action keeps it: deleting is refused.
      await t.http.delete(`/v1/lessons/${lesson.id}`).set(bearer(org.member.token)).expect(409);
    });
  });

  describe('list', () => {
    const titles = async (query: string) =>
      (
        await t.http.get(`/v1/lessons?pageSize=100&${query}`).set(bearer(org.member.token)).expect(200)
      ).body.items.map((l: { title: string }) => l.title);

    it('filters, searches in Dutch and sorts', async () => {
      await draw({
        title: 'Aanvragen sneller afhandelen',
        observation: 'Aanvragers wachtten maanden.',
        addressedRole: 'commissioner',
        sourceType: 'best-practice',
        sourceId: bestPracticeId,
      }).expect(201);
      expect(await titles('addressedRole=commissioner')).toEqual(['Aanvragen sneller afhandelen']);
      expect(await titles('q=aanvraag')).toEqual(['Aanvragen sneller afhandelen']);
      expect(await titles('q=wijzigingen')).toContain('Test de betaalbatch na elke wijziging');
      expect(await titles('q=onbekendwoord')).toEqual([]);
      expect(await titles(`sourceType=best-practice&sourceId=${bestPracticeId}`)).toEqual([
        'Aanvragen sneller afhandelen',
        'Test de betaalbatch na elke wijziging',
      ]);
      expect(await titles(`chainId=${sessionChainId}&sort=title`)).toEqual([
        'Test de betaalbatch na elke wijziging',
        'Test de betaalbatch na elke wijziging',
      ]);
      // Retired in the life cycle: one after its re-checks, one from validated, one from embedded.
      expect(await titles('status=retired')).toHaveLength(3);
      expect((await titles('sort=title'))[0]).toBe('Aanvragen sneller afhandelen');
      const ids = async (query: string) =>
        (
          await t.http.get(`/v1/lessons?pageSize=100&${query}`).set(bearer(org.member.token)).expect(200)
        ).body.items.map((l: { id: string; createdAt: string }) => `${l.createdAt} ${l.id}`);
      const newestFirst = await ids('sort=-createdAt');
      expect(newestFirst.length).toBeGreaterThan(2);
      expect(newestFirst).toEqual([...newestFirst].sort().reverse());
      expect(await ids('sort=createdAt')).toEqual([...newestFirst].reverse());
      // The period they were drawn in: from is inclusive, to exclusive (a date-time) or the whole day (a date).
      const [middle] = newestFirst[1].split(' ');
      const from = encodeURIComponent(middle);
      expect(await ids(`sort=-createdAt&createdFrom=${from}`)).toEqual(
        newestFirst.filter((row: string) => row.split(' ')[0] >= middle),
      );
      expect(await ids(`sort=-createdAt&createdTo=${from}`)).toEqual(
        newestFirst.filter((row: string) => row.split(' ')[0] < middle),
      );
      expect(await ids('createdFrom=2099-01-01')).toEqual([]);
      expect((await ids('createdFrom=2000-01-01&createdTo=2099-12-31')).length).toBe(newestFirst.length);
      const elsewhere = await t.http.get('/v1/lessons').set(bearer(other.member.token)).expect(200);
      expect(elsewhere.body.total).toBe(0);
      for (const query of [
        'status=old',
        'sort=createdAt;',
        'sourceType=x',
        'sort=relevance',
        'recheckDue=ja',
        'createdFrom=gisteren',
        'createdTo=2026-02-30',
      ])
        await t.http.get(`/v1/lessons?${query}`).set(bearer(org.member.token)).expect(400);
    });
  });
  // Last: they fill the register.
  describe('at scale', () => {
    /** `count` lessons of this organisation, one minute apart from `base` on (SQL: the API is not the point). */
    const load = (count: number, title: string, observation: string, base: string) =>
      t.db.query(
        `INSERT INTO lessons (organisation_id, source_type, source_id, title, observation, addressed_role,
                              drawn_by_id, created_at)
         SELECT $1, 'best-practice', $2, $3 || ' ' || n, $4, 'all', $5, $6::timestamptz + n * interval '1 minute'
         FROM generate_series(1, $7::int) n`,
        [org.organisationId, bestPracticeId, title, observation, org.member.id, base, count],
      );
    const page = async (query: string) =>
      (await t.http.get(`/v1/lessons?${query}`).set(bearer(org.member.token)).expect(200)).body;
    const allPages = async (query: string, pageSize: number) => {
      const ids: string[] = [];
      for (let n = 1; ; n++) {
        const body = await page(`${query}&page=${n}&pageSize=${pageSize}`);
        ids.push(...body.items.map((l: { id: string }) => l.id));
        if (body.items.length < pageSize) return ids;
      }
    };

    it('ranks the newest 200 matches of a search and goes on by date, every match once', async () => {
      await load(230, 'Storing', 'Een stroomstoring legde de balie stil.', '2026-01-01T00:00:00Z');
      const ids = async (where: string) =>
        (await t.db.query(`SELECT id FROM lessons WHERE ${where} ORDER BY created_at DESC, id`)).map(
          (row: { id: string }) => row.id,
        );
      const byDate = await ids(`title LIKE 'Storing %'`);
      // The best match, inside the window (the 100th newest), and one as good but older than it.
      const [best, older] = [byDate[99], byDate[215]];
      for (const id of [best, older])
        await t.db.query(
          `UPDATE lessons SET title = 'Stroomstoring bij de stroomstoring', observation = 'Stroomstoring, weer een stroomstoring.' WHERE id = $1`,
          [id],
        );

      const first = await page('q=stroomstoring&pageSize=10');
      expect(first).toEqual(expect.objectContaining({ total: 200, totalCapped: true }));
      expect(first.items[0].id).toBe(best);
      expect(first.items.map((l: { id: string }) => l.id)).not.toContain(older);
      // Past the window, by date: the older one at its place among the 30 oldest.
      const all = await allPages('q=stroomstoring', 100);
      expect(all.slice(200)).toEqual(byDate.slice(200));
      expect([...all].sort()).toEqual([...byDate].sort());
      // A page across the window's end (positions 180 to 209) holds both kinds.
      expect(await allPages('q=stroomstoring', 30)).toEqual(all);
      // Sorted otherwise, a search counts up to the window too.
      expect(await page('q=stroomstoring&sort=-createdAt&pageSize=1')).toEqual(
        expect.objectContaining({
          total: 200,
          totalCapped: true,
          items: [expect.objectContaining({ id: byDate[0] })],
        }),
      );
    });

    it('counts totals up to 10,000, and pages past them', async () => {
      const before = (await page('pageSize=1')).total;
      expect(before).toBeLessThan(10_000);
      expect(await page('pageSize=1')).toEqual(expect.objectContaining({ totalCapped: false }));
      await load(10_000 - before, 'Capaciteit', 'Te weinig behandelaars.', '2025-01-01T00:00:00Z');
      expect(await page('pageSize=1')).toEqual(
        expect.objectContaining({ total: 10_000, totalCapped: false }),
      );
      await load(1, 'Nog een', 'Nog een les.', '2024-01-01T00:00:00Z');
      expect(await page('pageSize=1')).toEqual(expect.objectContaining({ total: 10_000, totalCapped: true }));
      // The oldest, the 10,001st, is still reachable.
      expect((await page('page=10001&pageSize=1')).items.map((l: { title: string }) => l.title)).toEqual([
        'Nog een 1',
      ]);
      // A narrower filter is counted exactly.
      expect(await page('addressedRole=commissioner')).toEqual(
        expect.objectContaining({ total: 1, totalCapped: false }),
      );
    });
  });
});
