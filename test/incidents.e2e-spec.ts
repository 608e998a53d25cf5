import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('incidents', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let chainId: string;
  let otherChainId: string;
  let teamId: string;

  const base = () => incidentBody(chainId);
  const report = (body: object, token = org.member.token) =>
    t.http.post('/v1/incidents').set(bearer(token)).send(body);
  const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM incidents'))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
    ).body.id;
    otherChainId = (
      await t.http.post('/v1/chains').set(bearer(other.admin.token)).send({ name: 'Elders' }).expect(201)
    ).body.id;
    teamId = (
      await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Uitbetaling' }).expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('names the tag it cannot take, as it would be stored', async () => {
    const refused = await report({ ...base(), tags: ['Digitale Zorg', 'Zorg & Welzijn'] }).expect(400);
    expect(refused.body.invalidParams).toEqual([
      {
        name: 'tags',
        reason:
          'must be words of letters and digits (spaces become hyphens); "zorg-&-welzijn" holds other characters',
      },
    ]);
  });

  it('takes tags in any script, and compatibility forms as the plain letters, finding them as typed', async () => {
    const created = await report({
      ...base(),
      // Letters without case, and one that lower-cases to an i with a combining dot; a pasted
      // ligature and full-width letters are the tags typed plainly.
      tags: [
        'مرحبا',
        'שלום',
        '中文',
        'İzmir',
        '\ufb01etsroute',
        'fietsroute',
        '\uff26\uff29\uff25\uff34\uff33',
      ],
    }).expect(201);
    expect(created.body.tags).toEqual(['مرحبا', 'שלום', '中文', 'i\u0307zmir', 'fietsroute', 'fiets']);
    for (const tag of ['fietsroute', '\ufb01etsroute', 'FIETS', 'İzmir', '中文', 'שלום'])
      expect([
        tag,
        (
          await t.http.get('/v1/incidents').query({ tag }).set(bearer(org.lead.token)).expect(200)
        ).body.items.map((i: { id: string }) => i.id),
      ]).toEqual([tag, [created.body.id]]);
  });

  it('lets a member report an incident; the system sets reportedAt, reporter and status', async () => {
    const created = await report({
      ...base(),
      teamId,
      // A combining accent (pasted from a PDF) is the same tag as the one typed: stored composed.
      tags: ['Betaal Batch', 'toeslagen', 'toeslagen', 'cafe\u0301'],
    }).expect(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        organisationId: org.organisationId,
        chainId,
        teamId,
        reportedById: org.member.id,
        reportedAt: '2026-06-15T08:00:00.000Z',
        occurredAt: '2026-06-01T07:00:00.000Z',
        status: 'reported',
        confidentiality: 'internal',
        causeLevel: null,
        tags: ['betaal-batch', 'toeslagen', 'caf\u00e9'],
        recurrence: false,
        closedAt: null,
        similarIncidents: [],
        lessons: [],
        actions: [],
        version: 1,
      }),
    );
    const fetched = await t.http
      .get(`/v1/incidents/${created.body.id}`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(fetched.body).toEqual(expect.objectContaining({ id: created.body.id, lessons: [], actions: [] }));
    const byTag = await t.http
      .get('/v1/incidents')
      .query({ tag: 'cafe\u0301' })
      .set(bearer(org.lead.token))
      .expect(200);
    expect(byTag.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    const audit = await t.http
      .get(`/v1/audit-events?entityId=${created.body.id}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'create', entityType: 'incident', actorId: org.member.id }),
    ]);
    expect(audit.body.items[0].changes.title).toEqual({ from: null, to: base().title });
    // The answer is the stored incident, and the audit event holds every field of it.
    const { similarIncidents, ...answered } = created.body;
    expect(similarIncidents).toEqual([]);
    expect(answered).toEqual(fetched.body);
    const {
      id: _id,
      organisationId: _o,
      createdAt: _c,
      updatedAt: _u,
      version: _v,
      lessons: _l,
      actions: _a,
      ...fields
    } = fetched.body;
    expect(audit.body.items[0]).toEqual(
      expect.objectContaining({
        organisationId: org.organisationId,
        entityId: created.body.id,
        requestId: created.headers['x-request-id'],
        changes: Object.fromEntries(
          Object.entries(fields)
            .filter(([, to]) => to !== null)
            .map(([key, to]) => [key, { from: null, to }]),
        ),
      }),
    );
  });

  it('stores an incident and its audit event together or not at all', async () => {
    const before = await count();
    await t.db.query(
      `ALTER TABLE audit_events ADD CONSTRAINT refuse_incidents CHECK (entity_type <> 'incident') NOT VALID`,
    );
    try {
      const refused = await report(base());
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await t.db.query('ALTER TABLE audit_events DROP CONSTRAINT refuse_incidents');
    }
    expect(await count()).toBe(before);
  });

  describe('refuses bad input with a problem and writes nothing', () => {
    const cases: [string, (b: Record<string, unknown>) => Record<string, unknown>, string][] = [
      ['a missing chain', ({ chainId: _c, ...rest }) => rest, 'chainId'],
      ['a chain that is not a UUID', (b) => ({ ...b, chainId: 'toeslagen' }), 'chainId'],
      ['a title over 300 characters', (b) => ({ ...b, title: 'x'.repeat(301) }), 'title'],
      ['an empty title', (b) => ({ ...b, title: '' }), 'title'],
      ['a title of spaces', (b) => ({ ...b, title: ' \t \n ' }), 'title'],
      ['a title of invisible characters', (b) => ({ ...b, title: ' \u200b\ufeff ' }), 'title'],
      ['a title that is a number', (b) => ({ ...b, title: 42 }), 'title'],
      [
        'a description over 20000 characters',
        (b) => ({ ...b, description: 'x'.repeat(20001) }),
        'description',
      ],
      ['occurredAt without offset', (b) => ({ ...b, occurredAt: '2026-06-01T09:00:00' }), 'occurredAt'],
      ['occurredAt as a date', (b) => ({ ...b, occurredAt: '2026-06-01' }), 'occurredAt'],
      ['occurredAt in the future', (b) => ({ ...b, occurredAt: '2026-06-15T10:10:00+02:00' }), 'occurredAt'],
      ['occurredAt in year 1', (b) => ({ ...b, occurredAt: '0001-01-01T00:00:00Z' }), 'occurredAt'],
      ['occurredAt before 1900', (b) => ({ ...b, occurredAt: '1899-12-31T23:59:59Z' }), 'occurredAt'],
      ['an unknown severity', (b) => ({ ...b, severity: 'catastrophic' }), 'severity'],
      ['an unknown public attention', (b) => ({ ...b, publicAttention: 'viral' }), 'publicAttention'],
      ['an unknown source', (b) => ({ ...b, source: 'twitter' }), 'source'],
      ['an unknown cause level', (b) => ({ ...b, causeLevel: 'weather' }), 'causeLevel'],
      ['an unknown confidentiality', (b) => ({ ...b, confidentiality: 'secret' }), 'confidentiality'],
      ['21 tags', (b) => ({ ...b, tags: Array.from({ length: 21 }, (_, n) => `tag-${n}`) }), 'tags'],
      ['a tag over 50 characters', (b) => ({ ...b, tags: ['x'.repeat(51)] }), 'tags'],
      ['a tag with punctuation', (b) => ({ ...b, tags: ['toeslag!'] }), 'tags'],
      ['tags that are not a list', (b) => ({ ...b, tags: 'toeslag' }), 'tags'],
      ['a status on create', (b) => ({ ...b, status: 'closed' }), 'status'],
      ['a reportedAt on create', (b) => ({ ...b, reportedAt: '2026-06-01T09:00:00+02:00' }), 'reportedAt'],
      ['an unknown property', (b) => ({ ...b, colour: 'red' }), 'colour'],
    ];
    it.each(cases)('%s → 400', async (_name, change, field) => {
      const before = await count();
      const response = await report(change(base())).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.invalidParams.map((p: { name: string }) => p.name.split('.')[0])).toContain(field);
      expect(await count()).toBe(before);
    });

    it("refuses another organisation's chain or team with 422", async () => {
      const before = await count();
      const chain = await report({ ...base(), chainId: otherChainId }).expect(422);
      expect(chain.body.invalidParams).toEqual([expect.objectContaining({ name: 'chainId' })]);
      const otherTeam = (
        await t.http.post('/v1/teams').set(bearer(other.admin.token)).send({ name: 'Hun team' }).expect(201)
      ).body.id;
      const team = await report({ ...base(), teamId: otherTeam }).expect(422);
      expect(team.body.invalidParams).toEqual([expect.objectContaining({ name: 'teamId' })]);
      const unknown = await report({ ...base(), chainId: '00000000-0000-4000-8000-000000000000' }).expect(
        422,
      );
      expect(unknown.body.invalidParams).toEqual([expect.objectContaining({ name: 'chainId' })]);
      expect(await count()).toBe(before);
      expect(
        await t.db.query(
          `SELECT 1 FROM audit_events WHERE entity_type = 'incident' AND entity_id NOT IN (SELECT id FROM incidents)`,
        ),
      ).toEqual([]);
    });

    it('refuses the system administrator, who manages organisations, not their register (403)', async () => {
      const before = await count();
      const refused = await report(base(), t.systemToken).expect(403);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.detail).toMatch(/manages organisations, not their work/);
      expect(await count()).toBe(before);
    });

    it('takes an occurredAt a few minutes ahead (clock skew) as the moment of the report', async () => {
      const created = await report({ ...base(), occurredAt: '2026-06-15T10:03:00+02:00' }).expect(201);
      expect(created.body.occurredAt).toBe(created.body.reportedAt);
      expect(created.body.reportedAt).toBe('2026-06-15T08:00:00.000Z');
    });
  });

  describe('status', () => {
    let id: string;
    let version: number;
    const patch = (body: object, token = org.member.token) =>
      t.http
        .patch(`/v1/incidents/${id}`)
        .set(bearer(token))
        .send({ version, ...body });

    beforeAll(async () => {
      const created = await report({ ...base(), title: 'Brieven met verkeerde bedragen' }).expect(201);
      id = created.body.id;
      version = created.body.version;
    });

    it('refuses a skipped step with 409 naming the allowed next states', async () => {
      const response = await patch({ status: 'closed' }).expect(409);
      expect(response.body.allowedNextStates).toEqual(['analysing']);
      expect(response.body.detail).toContain('analysing');
    });

    it('goes to analysing, but not to lessons-drawn without a lesson', async () => {
      const analysing = await patch({ status: 'analysing', causeLevel: 'implementation' }).expect(200);
      version = analysing.body.version;
      expect(analysing.body).toEqual(
        expect.objectContaining({ status: 'analysing', causeLevel: 'implementation' }),
      );
      const refused = await patch({ status: 'lessons-drawn' }).expect(409);
      expect(refused.body.detail).toMatch(/lesson/);
    });

    it('goes to lessons-drawn with a lesson, closes, and reopens to analysing only', async () => {
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'incident',
          sourceId: id,
          title: 'Controleer bedragen',
          addressedRole: 'contractor',
        })
        .expect(201);
      version = (await patch({ status: 'lessons-drawn' }).expect(200)).body.version;
      const closed = await patch({ status: 'closed' }).expect(200);
      version = closed.body.version;
      expect(closed.body.closedAt).toBe('2026-06-15T08:00:00.000Z');
      const reopenToReported = await patch({ status: 'reported' }).expect(409);
      expect(reopenToReported.body.allowedNextStates).toEqual(['analysing']);
      const reopened = await patch({ status: 'analysing' }).expect(200);
      expect(reopened.body).toEqual(expect.objectContaining({ status: 'analysing', closedAt: null }));
      version = reopened.body.version;
    });

    it('needs the current version, refuses null for required fields and unknown statuses', async () => {
      await patch({ title: 'Oud', version: version - 1 }).expect(409);
      await patch({ title: null }).expect(400);
      await patch({ status: 'done' }).expect(400);
      await t.http
        .patch(`/v1/incidents/${id}`)
        .set(bearer(org.member.token))
        .send({ title: 'x' })
        .expect(400);
      await patch({ chainId: otherChainId }).expect(422);
      await patch({ occurredAt: '2027-01-01T00:00:00Z' }).expect(400);
    });

    it('keeps occurredAt before the report, also when the date is corrected days later', async () => {
      const [{ reported_at: reportedAt }] = await t.db.query(
        `SELECT reported_at FROM incidents WHERE id = $1`,
        [id],
      );
      t.clock.set(new Date(reportedAt.getTime() + 10 * 86400_000).toISOString());
      try {
        const after = new Date(reportedAt.getTime() + 86400_000).toISOString();
        const refused = await patch({ occurredAt: after }).expect(400);
        expect(refused.body.invalidParams).toEqual([
          { name: 'occurredAt', reason: 'must not be after its report (reportedAt)' },
        ]);
        // A few seconds after it (a fast clock) is the report's own moment.
        const skewed = new Date(reportedAt.getTime() + 800).toISOString();
        const clamped = await patch({ occurredAt: skewed }).expect(200);
        expect(clamped.body.occurredAt).toBe(reportedAt.toISOString());
        const before = new Date(reportedAt.getTime() - 86400_000).toISOString();
        version = (await patch({ occurredAt: before, version: clamped.body.version }).expect(200)).body
          .version;
      } finally {
        t.clock.set('2026-06-15T10:00:00+02:00');
      }
    });

    it('audits a change with before and after', async () => {
      const changed = await patch({ severity: 'critical', tags: ['Brieven'] }).expect(200);
      version = changed.body.version;
      const audit = await t.http
        .get(`/v1/audit-events?entityId=${id}&action=update`)
        .set(bearer(org.admin.token))
        .expect(200);
      expect(audit.body.items[0].changes).toEqual({
        severity: { from: 'high', to: 'critical' },
        tags: { from: [], to: ['brieven'] },
      });
    });
  });

  describe('delete', () => {
    it('is for leads and admins, refused while lessons refer to it, and audited', async () => {
      const plain = await report({ ...base(), title: 'Per abuis gemeld' }).expect(201);
      await t.http.delete(`/v1/incidents/${plain.body.id}`).set(bearer(org.member.token)).expect(403);
      await t.http.delete(`/v1/incidents/${plain.body.id}`).set(bearer(other.admin.token)).expect(404);
      await t.http.delete(`/v1/incidents/${plain.body.id}`).set(bearer(org.lead.token)).expect(204);
      await t.http.get(`/v1/incidents/${plain.body.id}`).set(bearer(org.lead.token)).expect(404);
      const audit = await t.http
        .get(`/v1/audit-events?entityId=${plain.body.id}&action=delete`)
        .set(bearer(org.admin.token))
        .expect(200);
      expect(audit.body.total).toBe(1);

      const withLesson = await report({ ...base(), title: 'Met les' }).expect(201);
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send({ sourceType: 'incident', sourceId: withLesson.body.id, title: 'Les', addressedRole: 'all' })
        .expect(201);
      await t.http.delete(`/v1/incidents/${withLesson.body.id}`).set(bearer(org.admin.token)).expect(409);
    });
  });

  it("hides another organisation's incidents (404) and never lists them", async () => {
    const theirs = await t.http
      .post('/v1/incidents')
      .set(bearer(other.member.token))
      .send({ ...base(), chainId: otherChainId, title: 'Hun incident' })
      .expect(201);
    await t.http.get(`/v1/incidents/${theirs.body.id}`).set(bearer(org.admin.token)).expect(404);
    await t.http
      .patch(`/v1/incidents/${theirs.body.id}`)
      .set(bearer(org.admin.token))
      .send({ title: 'Gekaapt', version: 1 })
      .expect(404);
    const list = await t.http.get('/v1/incidents?pageSize=100').set(bearer(org.admin.token)).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(theirs.body.id);
    const asked = await t.http
      .get(`/v1/incidents?organisationId=${other.organisationId}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(asked.body.total).toBe(0);
    await t.http
      .get(`/v1/incidents?organisationId=${other.organisationId}`)
      .set(bearer(t.systemToken))
      .expect(403);
    await t.http.get('/v1/incidents/not-a-uuid').set(bearer(org.admin.token)).expect(400);
  });

  it('shows the actions following up the incident and its lessons, and no others', async () => {
    const incident = (await report(base()).expect(201)).body.id;
    const unrelated = (await report({ ...base(), title: 'Iets anders' }).expect(201)).body.id;
    const lesson = (
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send(incidentLessonBody(incident))
        .expect(201)
    ).body.id;
    const action = (sourceType: string, sourceId: string, dueDate: string) =>
      t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType,
          sourceId,
          description: `Opvolgen ${dueDate}`,
          assigneeId: org.member.id,
          dueDate,
        })
        .expect(201)
        .then((r) => r.body.id as string);
    const fromLesson = await action('lesson', lesson, '2026-07-01');
    const fromIncident = await action('incident', incident, '2026-08-01');
    await action('incident', unrelated, '2026-06-20');
    const detail = await t.http.get(`/v1/incidents/${incident}`).set(bearer(org.member.token)).expect(200);
    expect(detail.body.actions).toEqual([
      expect.objectContaining({
        id: fromLesson,
        sourceType: 'lesson',
        sourceId: lesson,
        dueDate: '2026-07-01',
      }),
      expect.objectContaining({ id: fromIncident, sourceType: 'incident', sourceId: incident }),
    ]);
    // Neither goes while the learning hangs on it; the answer names a way out that exists.
    const lessonKept = await t.http.delete(`/v1/lessons/${lesson}`).set(bearer(org.lead.token)).expect(409);
    expect(lessonKept.body.detail).toBe(
      'This lesson has 1 action(s): delete the open ones first. A done or cancelled action stays on the record, and so does the lesson it follows up.',
    );
    const incidentKept = await t.http
      .delete(`/v1/incidents/${incident}`)
      .set(bearer(org.lead.token))
      .expect(409);
    expect(incidentKept.body.detail).toMatch(
      /Delete its draft lessons and open actions first, or close the incident instead\.$/,
    );
  });
});
