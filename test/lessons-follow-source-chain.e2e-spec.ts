import { Client } from 'pg';
import { bearer, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { stillWaiting } from './support/still-waiting';
import { TestApp } from './support/test-app';
import { ConfidentialRegister, startConfidentialRegister } from './support/confidential-register';

interface Lesson {
  id: string;
  chainId: string | null;
  version: number;
}

/**
 * A lesson's chain defaults to its source's; when the source moves to another chain, the lessons
 * that were in its old chain move with it (migration 1765080000000-lessons-follow-source-chain), as
 * a change of each lesson, and their actions with them. A lesson put in another chain stays.
 */
describe('lessons follow the chain of their source', () => {
  let register: ConfidentialRegister;
  let t: TestApp;
  let org: OrgFixture;
  let outsider: string;

  let chains = 0;
  const chain = async (name: string) =>
    (
      await t.http
        .post('/v1/chains')
        .set(bearer(org.admin.token))
        .send({ name: `${name} ${++chains}` })
        .expect(201)
    ).body.id as string;
  /** Two new chains, so each test counts only its own lessons in them. */
  const twoChains = async () => [await chain('Toeslagen'), await chain('Inning')];
  const incident = async (chainId: string, confidentiality = 'internal') =>
    (
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.lead.token))
        .send({ ...incidentBody(chainId), confidentiality })
        .expect(201)
    ).body as { id: string; version: number };
  const draw = async (sourceType: string, sourceId: string, extra: object = {}): Promise<Lesson> =>
    (
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.lead.token))
        .send({ sourceType, sourceId, title: 'Test de betaalketen', addressedRole: 'all', ...extra })
        .expect(201)
    ).body;
  const lessonOf = async (id: string, token = org.lead.token): Promise<Lesson> =>
    (await t.http.get(`/v1/lessons/${id}`).set(bearer(token)).expect(200)).body;
  const actionOn = async (lessonId: string) =>
    (
      await t.http
        .post('/v1/actions')
        .set(bearer(org.lead.token))
        .send({
          sourceType: 'lesson',
          sourceId: lessonId,
          description: 'Betaalketen end-to-end testen',
          assigneeId: org.member.id,
          dueDate: '2026-12-31',
        })
        .expect(201)
    ).body as { id: string; chainId: string };
  const actionChain = async (id: string) =>
    (await t.http.get(`/v1/actions/${id}`).set(bearer(org.lead.token)).expect(200)).body.chainId;
  const move = (path: string, chainId: string, version: number) =>
    t.http.patch(path).set(bearer(org.lead.token)).send({ chainId, version }).expect(200);
  const listed = async (chainId: string, token = org.lead.token) =>
    (
      await t.http.get(`/v1/lessons?chainId=${chainId}&pageSize=100`).set(bearer(token)).expect(200)
    ).body.items.map((l: Lesson) => l.id);
  const mismatches = () => t.db.query('SELECT * FROM leerlus_check_report_rollups()');

  beforeAll(async () => {
    register = await startConfidentialRegister();
    ({ t, org, outsider } = register);
  });
  afterEach(async () => {
    // Whatever moved, the report's rollups agree with a recount of the lessons and actions.
    expect(await mismatches()).toEqual([]);
  });
  afterAll(() => t.close());

  it('moves the lessons that were in the incident’s chain with it, and their actions; one put in another chain stays', async () => {
    const [from, to] = await twoChains();
    const elsewhere = await chain('Handhaving');
    const source = await incident(from);
    const defaulted = await draw('incident', source.id);
    const same = await draw('incident', source.id, { chainId: from });
    const apart = await draw('incident', source.id, { chainId: elsewhere });
    const action = await actionOn(defaulted.id);
    const apartAction = await actionOn(apart.id);
    expect([defaulted.chainId, same.chainId, apart.chainId, action.chainId]).toEqual([
      from,
      from,
      elsewhere,
      from,
    ]);

    await move(`/v1/incidents/${source.id}`, to, source.version);
    const [movedDefault, movedSame, kept] = await Promise.all(
      [defaulted, same, apart].map((l) => lessonOf(l.id)),
    );
    expect([movedDefault, movedSame, kept].map((l) => [l.chainId, l.version])).toEqual([
      [to, defaulted.version + 1],
      [to, same.version + 1],
      [elsewhere, apart.version],
    ]);
    expect([await actionChain(action.id), await actionChain(apartAction.id)]).toEqual([to, elsewhere]);
    expect((await listed(to)).sort()).toEqual([defaulted.id, same.id].sort());
    expect(await listed(from)).toEqual([]);
    // An edit made with the version from before the move is refused.
    await t.http
      .patch(`/v1/lessons/${defaulted.id}`)
      .set(bearer(org.lead.token))
      .send({ title: 'Oud', version: defaulted.version })
      .expect(409);

    // Put back in the old chain on purpose, it stays there when the incident moves on.
    await t.http
      .patch(`/v1/lessons/${defaulted.id}`)
      .set(bearer(org.lead.token))
      .send({ chainId: from, version: movedDefault.version })
      .expect(200);
    const { version } = (await t.http.get(`/v1/incidents/${source.id}`).set(bearer(org.lead.token))).body;
    await move(`/v1/incidents/${source.id}`, elsewhere, version);
    expect((await lessonOf(defaulted.id)).chainId).toBe(from);
    expect((await lessonOf(same.id)).chainId).toBe(elsewhere);
    expect(await actionChain(action.id)).toBe(from);
  });

  it('audits every lesson moved as a change by whoever moved its incident, in the same request', async () => {
    const [from, to] = await twoChains();
    const source = await incident(from);
    const lesson = await draw('incident', source.id);
    const action = await actionOn(lesson.id);
    await t.http
      .patch(`/v1/incidents/${source.id}`)
      .set(bearer(org.member.token))
      .send({ chainId: to, version: source.version })
      .expect(200);
    const [moved] = await t.db.query(
      `SELECT actor_id, request_id FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
      [source.id],
    );
    expect(moved).toEqual({ actor_id: org.member.id, request_id: expect.any(String) });
    for (const id of [lesson.id, action.id])
      expect(
        await t.db.query(
          `SELECT entity_type, actor_id, request_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
          [id],
        ),
      ).toEqual([
        {
          entity_type: id === lesson.id ? 'lesson' : 'action',
          actor_id: org.member.id,
          request_id: moved.request_id,
          changes: { chainId: { from, to } },
        },
      ]);
  });

  it('counts the lessons moved in the report of their new chain', async () => {
    const [from, to] = await twoChains();
    const source = await incident(from);
    const lesson = await draw('incident', source.id);
    const [{ year, quarter }] = await t.db.query(
      `SELECT extract(year FROM created_at AT TIME ZONE 'Europe/Amsterdam')::int AS year,
              extract(quarter FROM created_at AT TIME ZONE 'Europe/Amsterdam')::int AS quarter
       FROM lessons WHERE id = $1`,
      [lesson.id],
    );
    const drawn = async (chainId: string) =>
      (
        await t.http
          .get(`/v1/reports/quarterly?year=${year}&quarter=${quarter}&chainId=${chainId}`)
          .set(bearer(org.lead.token))
          .expect(200)
      ).body.lessons.drawn;
    expect([await drawn(from), await drawn(to)]).toEqual([1, 0]);
    await move(`/v1/incidents/${source.id}`, to, source.version);
    expect([await drawn(from), await drawn(to)]).toEqual([0, 1]);
  });

  it('moves the lessons of a best practice and of the sessions of a series that move', async () => {
    const [from, to] = await twoChains();
    const practice = (
      await t.http
        .post('/v1/best-practices')
        .set(bearer(org.lead.token))
        .send({ title: 'Vier ogen bij uitbetaling', chainId: from })
        .expect(201)
    ).body;
    const ofPractice = await draw('best-practice', practice.id);
    const [series] = await t.db.query(
      `INSERT INTO reflection_series (organisation_id, chain_id, title, kind, chair_id, rrule, first_start, duration_minutes)
       VALUES ($1, $2, 'Driehoeksoverleg', 'triangle', $3, 'FREQ=MONTHLY;BYDAY=1TU', '2026-06-02T09:00:00+02:00', 90)
       RETURNING id, version`,
      [org.organisationId, from, org.lead.id],
    );
    const sessions: { id: string }[] = await t.db.query(
      `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at)
       SELECT $1, $2, d, d, d + interval '90 minutes'
       FROM unnest('{2026-06-02T09:00:00+02:00,2026-07-07T09:00:00+02:00}'::timestamptz[]) AS d RETURNING id`,
      [series.id, org.organisationId],
    );
    const ofSessions = [
      await draw('reflection-session', sessions[0].id),
      await draw('reflection-session', sessions[1].id),
    ];
    const action = await actionOn(ofSessions[1].id);
    expect([ofPractice, ...ofSessions].map((l) => l.chainId)).toEqual([from, from, from]);

    await move(`/v1/best-practices/${practice.id}`, to, practice.version);
    await move(`/v1/reflection-series/${series.id}`, to, series.version);
    const now = await Promise.all([ofPractice, ...ofSessions].map((l) => lessonOf(l.id)));
    expect(now.map((l) => l.chainId)).toEqual([to, to, to]);
    expect(await actionChain(action.id)).toBe(to);
    // A best practice taken out of every chain takes its lessons along.
    await t.http
      .patch(`/v1/best-practices/${practice.id}`)
      .set(bearer(org.lead.token))
      .send({ chainId: null, version: practice.version + 1 })
      .expect(200);
    expect((await lessonOf(ofPractice.id)).chainId).toBeNull();
  });

  it('shows a lesson of a confidential incident moved to another chain exactly to who may see the incident', async () => {
    const [from, to] = await twoChains();
    const member = async (name: string, chainId: string) => {
      const person = await createPerson(t.http, org.admin.token, { name, accessRole: 'member' });
      await t.http
        .post(`/v1/chains/${chainId}/role-assignments`)
        .set(bearer(org.admin.token))
        .send({ personId: person.id, role: 'owner', validFrom: '2020-01-01', validTo: null })
        .expect(201);
      return person.token;
    };
    const people = {
      oldOwner: await member('Olga Oud', from),
      newOwner: await member('Nina Nieuw', to),
      outsider,
      lead: org.lead.token,
    };
    const secret = await incident(from, 'confidential');
    const lesson = await draw('incident', secret.id);
    const apart = await draw('incident', secret.id, { chainId: to });
    const action = await actionOn(lesson.id);
    /** Per person: whether they see the incident, each lesson, the lesson in its chain's list, and its action. */
    const seen = async () => {
      const result: Record<string, boolean[]> = {};
      for (const [name, token] of Object.entries(people)) {
        const status = async (path: string) => (await t.http.get(path).set(bearer(token))).status === 200;
        const chainOfLesson = (await lessonOf(lesson.id)).chainId as string;
        result[name] = [
          await status(`/v1/incidents/${secret.id}`),
          await status(`/v1/lessons/${lesson.id}`),
          await status(`/v1/lessons/${apart.id}`),
          (await listed(chainOfLesson, token)).includes(lesson.id),
          await status(`/v1/actions/${action.id}`),
        ];
      }
      return result;
    };
    expect(await seen()).toEqual({
      oldOwner: [true, true, true, true, true],
      newOwner: [false, false, false, false, false],
      outsider: [false, false, false, false, false],
      lead: [true, true, true, true, true],
    });

    await move(`/v1/incidents/${secret.id}`, to, secret.version);
    expect((await lessonOf(lesson.id, people.newOwner)).chainId).toBe(to);
    expect(await actionChain(action.id)).toBe(to);
    expect(await seen()).toEqual({
      oldOwner: [false, false, false, false, false],
      newOwner: [true, true, true, true, true],
      outsider: [false, false, false, false, false],
      lead: [true, true, true, true, true],
    });
  });

  it('puts a lesson drawn while its incident moves in the new chain', async () => {
    const [from, to] = await twoChains();
    const source = await incident(from);
    const mover = new Client({ connectionString: t.db.url });
    await mover.connect();
    try {
      await mover.query('BEGIN');
      await mover.query(`UPDATE incidents SET chain_id = $2 WHERE id = $1`, [source.id, to]);
      // The api would read the old chain; it waits for the move instead.
      const drawing = draw('incident', source.id);
      expect(await stillWaiting(drawing)).toBe(true);
      await mover.query('COMMIT');
      const drawn = await drawing;
      expect(drawn.chainId).toBe(to);
      expect((await lessonOf(drawn.id)).chainId).toBe(to);
    } finally {
      await mover.end();
    }
  });

  it('puts a lesson drawn from a session while its series moves in the new chain', async () => {
    const [from, to] = await twoChains();
    const [series] = await t.db.query(
      `INSERT INTO reflection_series (organisation_id, chain_id, title, kind, chair_id, rrule, first_start, duration_minutes)
       VALUES ($1, $2, 'Ketenoverleg', 'chain', $3, 'FREQ=MONTHLY;BYDAY=1WE', '2026-06-03T09:00:00+02:00', 90)
       RETURNING id`,
      [org.organisationId, from, org.lead.id],
    );
    const [session] = await t.db.query(
      `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at)
       VALUES ($1, $2, '2026-06-03T09:00:00+02:00', '2026-06-03T09:00:00+02:00', '2026-06-03T10:30:00+02:00')
       RETURNING id`,
      [series.id, org.organisationId],
    );
    const mover = new Client({ connectionString: t.db.url });
    await mover.connect();
    try {
      await mover.query('BEGIN');
      await mover.query(`UPDATE reflection_series SET chain_id = $2 WHERE id = $1`, [series.id, to]);
      const drawing = draw('reflection-session', session.id);
      expect(await stillWaiting(drawing)).toBe(true);
      await mover.query('COMMIT');
      expect((await lessonOf((await drawing).id)).chainId).toBe(to);
    } finally {
      await mover.end();
    }
  });

  it('lets a lesson being changed and its incident moving take turns, not deadlock', async () => {
    const [from, to] = await twoChains();
    const source = await incident(from);
    const lesson = await draw('incident', source.id);
    const editor = new Client({ connectionString: t.db.url });
    await editor.connect();
    try {
      // As a lesson's update goes: the lesson locked first, its incident later (the report triggers).
      await editor.query('BEGIN');
      await editor.query('SELECT 1 FROM lessons WHERE id = $1 FOR UPDATE', [lesson.id]);
      const moving = t.http
        .patch(`/v1/incidents/${source.id}`)
        .set(bearer(org.lead.token))
        .send({ chainId: to, version: source.version })
        .then((response) => response.status);
      expect(await stillWaiting(moving)).toBe(true);
      await editor.query('SELECT 1 FROM incidents WHERE id = $1 FOR NO KEY UPDATE', [source.id]);
      await editor.query('COMMIT');
      expect(await moving).toBe(200);
    } finally {
      await editor.end();
    }
    expect((await lessonOf(lesson.id)).chainId).toBe(to);
  });

  it('takes along a lesson being drawn when the move waits for it', async () => {
    const [from, to] = await twoChains();
    const source = await incident(from);
    const drawer = new Client({ connectionString: t.db.url });
    await drawer.connect();
    try {
      await drawer.query('BEGIN');
      const [drawn] = (
        await drawer.query(
          `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id)
           VALUES ($1, $2, 'incident', $3, 'Les tijdens de verhuizing', 'all', $4) RETURNING id`,
          [org.organisationId, from, source.id, org.lead.id],
        )
      ).rows;
      const moving = move(`/v1/incidents/${source.id}`, to, source.version);
      expect(await stillWaiting(moving)).toBe(true);
      await drawer.query('COMMIT');
      await moving;
      expect((await lessonOf(drawn.id)).chainId).toBe(to);
    } finally {
      await drawer.end();
    }
  });
});
