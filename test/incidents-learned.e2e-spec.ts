import { dataSourceOptions } from '@app/database';
import { LearnedIncidents1764480000000 } from '@app/database/migrations/1764480000000-learned-incidents';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The definition the flag must keep to: the condition the recurrence check used before it. */
const DRIFT = `
  SELECT i.id, i.learned FROM incidents i
  WHERE i.learned <> EXISTS (SELECT 1 FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = i.id
                               AND l.status IN ('validated', 'embedded'))`;

/**
 * `incidents.learned` (migration 1764480000000-learned-incidents), which the recurrence check walks
 * instead of every incident: true exactly while a validated or embedded lesson is drawn from the
 * incident, after every kind of lesson change, bulk and concurrent writes, loads in replica mode,
 * and the migration's backfill.
 */
describe('incidents: the learned flag', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;

  const learned = async (id: string) =>
    (await t.db.query<{ learned: boolean }>('SELECT learned FROM incidents WHERE id = $1', [id]))[0].learned;
  const drift = () => t.db.query(DRIFT);

  const report = async (title: string, description = 'Ouders ontvingen de toeslag te laat.') =>
    (
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({
          chainId,
          title,
          description,
          occurredAt: '2026-05-01T09:00:00+02:00',
          severity: 'high',
          publicAttention: 'none',
          source: 'staff',
        })
        .expect(201)
    ).body as { id: string; recurrence: boolean };
  const draw = async (incidentId: string) =>
    (
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'incident',
          sourceId: incidentId,
          title: 'Test de betaalketen na elke wijziging',
          observation: 'Betalingen liepen vertraging op.',
          insight: 'Wijzigingen werden niet end-to-end getest.',
          recommendation: 'Test elke wijziging in de hele keten.',
          addressedRole: 'contractor',
        })
        .expect(201)
    ).body as { id: string; version: number };
  const patch = async (lesson: { id: string; version: number }, body: Record<string, unknown>) => {
    const res = await t.http
      .patch(`/v1/lessons/${lesson.id}`)
      .set(bearer(org.lead.token))
      .send({ version: lesson.version, ...body })
      .expect(200);
    lesson.version = res.body.version;
  };
  const validate = (lesson: { id: string; version: number }) =>
    patch(lesson, { status: 'validated', response: 'adopted', responseReason: 'Iedereen is het eens.' });

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-05-01T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' })).body
      .id;
  });
  afterAll(() => t.close());
  afterEach(async () => expect(await drift()).toEqual([]));

  it('follows a lesson through its life: draft no, validated and embedded yes, retired no', async () => {
    const incident = await report('Kinderopvangtoeslag te laat uitbetaald');
    expect(await learned(incident.id)).toBe(false);
    const lesson = await draw(incident.id);
    expect(await learned(incident.id)).toBe(false);
    await validate(lesson);
    expect(await learned(incident.id)).toBe(true);
    await patch(lesson, { status: 'embedded', evidence: 'Opgenomen in het testbeleid.' });
    expect(await learned(incident.id)).toBe(true);
    await patch(lesson, { status: 'retired' });
    expect(await learned(incident.id)).toBe(false);

    const detail = await t.http.get(`/v1/incidents/${incident.id}`).set(bearer(org.member.token)).expect(200);
    expect(detail.body).not.toHaveProperty('learned');
  });

  it('stays while another lesson still counts, and a deleted draft changes nothing', async () => {
    const incident = await report('Storing DigiD: burgers konden niet inloggen');
    const first = await draw(incident.id);
    const second = await draw(incident.id);
    await validate(first);
    await validate(second);
    await patch(first, { status: 'retired' });
    expect(await learned(incident.id)).toBe(true);
    const draft = await draw(incident.id);
    await t.http.delete(`/v1/lessons/${draft.id}`).set(bearer(org.lead.token)).expect(204);
    expect(await learned(incident.id)).toBe(true);
    await patch(second, { status: 'retired' });
    expect(await learned(incident.id)).toBe(false);
  });

  it('is what the recurrence check walks: a retold incident recurs only while its lesson counts', async () => {
    const title = 'Brieven over de huurtoeslag met een verkeerd bedrag verstuurd';
    const incident = await report(title);
    const lesson = await draw(incident.id);
    expect((await report(title)).recurrence).toBe(false);
    await validate(lesson);
    expect((await report(title)).recurrence).toBe(true);
    await patch(lesson, { status: 'retired' });
    expect((await report(title)).recurrence).toBe(false);
  });

  describe('written directly in SQL', () => {
    let a: string;
    let b: string;
    let lessonIds: string[];

    beforeAll(async () => {
      a = (await report('Wachttijd bij de helpdesk opgelopen')).id;
      b = (await report('Bezwaarschriften niet op tijd behandeld')).id;
      lessonIds = [];
      for (let i = 0; i < 3; i++) lessonIds.push((await draw(a)).id);
    });

    it('follows a multi-row status change and a lesson moved to another incident or source', async () => {
      await t.db.query(`UPDATE lessons SET status = 'validated' WHERE id = ANY ($1)`, [lessonIds]);
      expect([await learned(a), await learned(b)]).toEqual([true, false]);
      await t.db.query(`UPDATE lessons SET source_id = $2 WHERE id = ANY ($1)`, [lessonIds.slice(0, 2), b]);
      expect([await learned(a), await learned(b)]).toEqual([true, true]);
      await t.db.query(`UPDATE lessons SET source_id = $2 WHERE id = $1`, [lessonIds[2], b]);
      expect([await learned(a), await learned(b)]).toEqual([false, true]);
      // Two lessons trade places in one statement: each incident keeps one.
      await t.db.query(
        `UPDATE lessons SET source_id = CASE WHEN id = $1 THEN $3::uuid ELSE $4::uuid END WHERE id IN ($1, $2)`,
        [lessonIds[0], lessonIds[1], a, b],
      );
      expect([await learned(a), await learned(b)]).toEqual([true, true]);
      await t.db.query(`UPDATE lessons SET source_type = 'best-practice' WHERE source_id = $1`, [a]);
      expect(await learned(a)).toBe(false);
      await t.db.query(`UPDATE lessons SET source_type = 'incident' WHERE source_id = $1`, [a]);
      expect(await learned(a)).toBe(true);
    });

    it('follows deletes, also of several lessons at once', async () => {
      await t.db.query(`DELETE FROM lessons WHERE source_id = $1`, [b]);
      expect([await learned(a), await learned(b)]).toEqual([true, false]);
      await t.db.query(`DELETE FROM lessons WHERE source_id = $1`, [a]);
      expect(await learned(a)).toBe(false);
    });

    it('is kept by a bulk loader in replica mode, and set for an incident loaded after its lessons', async () => {
      const loader = new Client({ connectionString: t.db.url });
      await loader.connect();
      try {
        await loader.query('SET session_replication_role = replica');
        await loader.query(
          `INSERT INTO lessons (organisation_id, source_type, source_id, title, addressed_role, status, drawn_by_id)
           VALUES ($1, 'incident', $2, 'Geladen', 'all', 'embedded', $3)`,
          [org.organisationId, a, org.member.id],
        );
        expect(await learned(a)).toBe(true);
        // A reload: the incident goes and comes back with its lessons already there.
        const columns = (
          await loader.query(`SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) AS list
            FROM information_schema.columns WHERE table_name = 'incidents' AND is_generated = 'NEVER'`)
        ).rows[0].list;
        const reload = `INSERT INTO incidents (${columns}) SELECT ${columns} FROM reload RETURNING id`;
        await loader.query(`CREATE TEMPORARY TABLE reload AS SELECT * FROM incidents WHERE id = $1`, [a]);
        await loader.query(`UPDATE reload SET learned = false`);
        await loader.query(`DELETE FROM incidents WHERE id = $1`, [a]);
        await loader.query(reload);
        expect(await learned(a)).toBe(true);
        // Nor can an insert claim a flag its lessons do not give.
        await loader.query(`UPDATE reload SET id = gen_random_uuid(), learned = true`);
        const copy = (await loader.query(reload)).rows[0].id;
        expect(await learned(copy)).toBe(false);
      } finally {
        await loader.end();
      }
    });

    it('lets two transactions changing lessons of one incident take turns, so the second sees the first', async () => {
      const incident = (await report('Beschikkingen met een verkeerde datum')).id;
      const [retiring, validating] = [await draw(incident), await draw(incident)];
      await t.db.query(`UPDATE lessons SET status = 'validated' WHERE id = $1`, [retiring.id]);
      const first = new Client({ connectionString: t.db.url });
      const second = new Client({ connectionString: t.db.url });
      await Promise.all([first.connect(), second.connect()]);
      try {
        await first.query('BEGIN');
        await first.query(`UPDATE lessons SET status = 'validated' WHERE id = $1`, [validating.id]);
        await second.query('BEGIN');
        const pid = (await second.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        // Retiring the only validated lesson the second transaction can see: it must wait for the first.
        const retire = second.query(`UPDATE lessons SET status = 'retired' WHERE id = $1`, [retiring.id]);
        for (let waiting = false; !waiting;)
          waiting =
            (
              await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [
                pid,
              ])
            ).length > 0;
        await first.query('COMMIT');
        await retire;
        await second.query('COMMIT');
      } finally {
        await Promise.all([first.end(), second.end()]);
      }
      expect(await learned(incident)).toBe(true);
    });

    it('is set again by the migration from the lessons as they are', async () => {
      const before = await t.db.query(`SELECT id, learned FROM incidents ORDER BY id`);
      expect(before.filter((i: { learned: boolean }) => i.learned).length).toBeGreaterThan(1);
      const ds = new DataSource(dataSourceOptions(t.db.url, 1));
      await ds.initialize();
      const runner = ds.createQueryRunner();
      try {
        const migration = new LearnedIncidents1764480000000();
        await migration.down(runner);
        const columns = await runner.query(
          `SELECT 1 FROM information_schema.columns WHERE table_name = 'incidents' AND column_name = 'learned'`,
        );
        expect(columns).toEqual([]);
        await migration.up(runner);
        const indexes = await runner.query(
          `SELECT indexdef FROM pg_indexes WHERE indexname = 'incidents_learned_title_trgm_gist_idx'`,
        );
        expect(indexes).toEqual([{ indexdef: expect.stringMatching(/USING gist .* WHERE learned$/) }]);
      } finally {
        await runner.release();
        await ds.destroy();
      }
      expect(await t.db.query(`SELECT id, learned FROM incidents ORDER BY id`)).toEqual(before);
    });

    it('is cleared for every incident when lessons are truncated', async () => {
      await t.db.query('TRUNCATE lessons CASCADE');
      expect(await t.db.query('SELECT count(*)::int AS n FROM incidents WHERE learned')).toEqual([{ n: 0 }]);
    });
  });
});
