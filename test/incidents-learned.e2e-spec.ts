import { incidentLessonBody } from './support/incident-lesson-body';
import { dataSourceOptions } from '@app/database';
import { LearnedIncidents1764480000000 } from '@app/database/migrations/1764480000000-learned-incidents';
import { LearnedIncidentWords1764490000000 } from '@app/database/migrations/1764490000000-learned-incident-words';
import { DropTitleTrigramIndexes1764500000000 } from '@app/database/migrations/1764500000000-drop-title-trigram-indexes';
import { LearnedWordsFollowUp1764510000000 } from '@app/database/migrations/1764510000000-learned-words-follow-up';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The definition `learned_incidents` must keep to: the incidents with a validated or embedded
 * lesson (the condition the recurrence check used before it), with their current organisation
 * and title. Every difference is a row.
 */
const DRIFT = `
  SELECT i.id, s.incident_id FROM incidents i
  FULL JOIN learned_incidents s ON s.incident_id = i.id
  WHERE (i.id IS NOT NULL AND EXISTS (SELECT 1 FROM lessons l WHERE l.source_type = 'incident'
           AND l.source_id = i.id AND l.status IN ('validated', 'embedded'))) IS DISTINCT FROM (s.incident_id IS NOT NULL)
     OR (s.incident_id IS NOT NULL AND (i.title, i.organisation_id) IS DISTINCT FROM (s.title, s.organisation_id))`;

/**
 * The definition `learned_incident_words` must keep to: a row per Dutch stem of every learned
 * incident's title, with its organisation and reported_at, and nothing else. Every difference is a row.
 */
const WORD_DRIFT = `
  WITH expected AS (
    SELECT s.organisation_id, w.word, i.reported_at, s.incident_id
    FROM learned_incidents s JOIN incidents i ON i.id = s.incident_id,
         unnest(tsvector_to_array(to_tsvector('dutch_unaccent', s.title))) AS w(word)),
  stored AS (SELECT organisation_id, word, reported_at, incident_id FROM learned_incident_words)
  (SELECT 'missing' AS drift, * FROM (SELECT * FROM expected EXCEPT SELECT * FROM stored) m)
  UNION ALL
  (SELECT 'extra', * FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected) e)`;

/**
 * `learned_incidents` (migration 1764480000000-learned-incidents), which the recurrence check walks
 * instead of every incident: exactly the incidents with a validated or embedded lesson, after
 * every kind of lesson and incident change, bulk and concurrent writes, loads in replica mode, and
 * the migration's backfill; and the words of their titles (migration 1764490000000) with them.
 */
describe('incidents: learned incidents', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;

  const learned = async (id: string) =>
    (await t.db.query('SELECT 1 FROM learned_incidents WHERE incident_id = $1', [id])).length > 0;
  const drift = () => t.db.query(DRIFT);
  const wordDrift = () => t.db.query(WORD_DRIFT);
  const words = async (id: string) =>
    (
      await t.db.query('SELECT word FROM learned_incident_words WHERE incident_id = $1 ORDER BY word', [id])
    ).map((row: { word: string }) => row.word);

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
        .send(incidentLessonBody(incidentId))
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
  afterEach(async () => {
    expect(await drift()).toEqual([]);
    expect(await wordDrift()).toEqual([]);
  });

  it('follows a lesson through its life: draft no, validated and embedded yes, retired no', async () => {
    const incident = await report('Kinderopvangtoeslag te laat uitbetaald');
    expect(await learned(incident.id)).toBe(false);
    const lesson = await draw(incident.id);
    expect(await learned(incident.id)).toBe(false);
    expect(await words(incident.id)).toEqual([]);
    await validate(lesson);
    expect(await learned(incident.id)).toBe(true);
    // Dutch stems without accents or stop words: what a new title's words are looked up by.
    expect(await words(incident.id)).toEqual(['kinderopvangtoeslag', 'lat', 'uitbetaald']);
    await patch(lesson, { status: 'embedded', evidence: 'Opgenomen in het testbeleid.' });
    expect(await learned(incident.id)).toBe(true);
    await patch(lesson, { status: 'retired' });
    expect(await learned(incident.id)).toBe(false);
    expect(await words(incident.id)).toEqual([]);
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
        await loader.query(`DELETE FROM incidents WHERE id = $1`, [a]);
        expect(await learned(a)).toBe(false);
        await loader.query(reload);
        expect(await learned(a)).toBe(true);
        // A copy without lessons is not learned.
        await loader.query(`UPDATE reload SET id = gen_random_uuid()`);
        const copy = (await loader.query(reload)).rows[0].id;
        expect(await learned(copy)).toBe(false);
      } finally {
        await loader.end();
      }
    });

    it('follows the title and organisation of a learned incident, and forgets a deleted one', async () => {
      const other = await createOrganisation(t.http, t.systemToken);
      await t.db.query(
        `UPDATE incidents SET title = 'Wachttijd bij de helpdesk verder opgelopen' WHERE id = $1`,
        [a],
      );
      expect(await words(a)).toEqual(['helpdesk', 'opgelop', 'verder', 'wachttijd']);
      expect(await wordDrift()).toEqual([]);
      await t.db.query(`UPDATE incidents SET status = 'analysing' WHERE id = $1`, [a]);
      await t.db.query(`UPDATE incidents SET organisation_id = $2 WHERE id = $1`, [a, other.organisationId]);
      expect(await drift()).toEqual([]);
      await t.db.query(`UPDATE incidents SET organisation_id = $2 WHERE id = $1`, [a, org.organisationId]);
      expect(await learned(a)).toBe(true);
      const doomed = (await report('Verkeerde datum op de beschikking')).id;
      await t.db.query(`UPDATE lessons SET source_id = $2 WHERE source_id = $1`, [a, doomed]);
      expect(await learned(doomed)).toBe(true);
      await t.db.query(`DELETE FROM incidents WHERE id = $1`, [doomed]);
      expect(await t.db.query('SELECT 1 FROM learned_incidents WHERE incident_id = $1', [doomed])).toEqual(
        [],
      );
      await t.db.query(`UPDATE lessons SET source_id = $2 WHERE source_id = $1`, [doomed, a]);
      expect(await learned(a)).toBe(true);
    });

    it("follows a learned incident's reported_at, and a rebuild of learned_incidents from scratch", async () => {
      expect(await learned(a)).toBe(true);
      await t.db.query(`UPDATE incidents SET reported_at = reported_at - interval '3 days' WHERE id = $1`, [
        a,
      ]);
      expect(await wordDrift()).toEqual([]);
      await t.db.query('TRUNCATE learned_incidents');
      expect(await t.db.query('SELECT count(*)::int AS n FROM learned_incident_words')).toEqual([{ n: 0 }]);
      await t.db.query(`
        INSERT INTO learned_incidents (incident_id, organisation_id, title)
        SELECT i.id, i.organisation_id, i.title FROM incidents i
        WHERE i.id IN (SELECT l.source_id FROM lessons l
                       WHERE l.source_type = 'incident' AND l.status IN ('validated', 'embedded'))`);
      expect(await words(a)).toEqual(['helpdesk', 'opgelop', 'verder', 'wachttijd']);
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
        let done = false;
        const retire = second
          .query(`UPDATE lessons SET status = 'retired' WHERE id = $1`, [retiring.id])
          .finally(() => (done = true));
        const waits = async () =>
          (
            await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [
              pid,
            ])
          ).length > 0;
        while (!done && !(await waits()));
        await first.query('COMMIT');
        await retire;
        await second.query('COMMIT');
      } finally {
        await Promise.all([first.end(), second.end()]);
      }
      expect(await learned(incident)).toBe(true);
    });

    it('is filled again by the migrations from the lessons as they are', async () => {
      const before = await t.db.query(`SELECT * FROM learned_incidents ORDER BY incident_id`);
      const wordsBefore = await t.db.query(`SELECT * FROM learned_incident_words ORDER BY 1, 2, 3, 4`);
      expect(before.length).toBeGreaterThan(1);
      expect(wordsBefore.length).toBeGreaterThan(before.length);
      const ds = new DataSource(dataSourceOptions(t.db.url, 1));
      await ds.initialize();
      const runner = ds.createQueryRunner();
      try {
        const migrations = [
          new LearnedIncidents1764480000000(),
          new LearnedIncidentWords1764490000000(),
          new LearnedWordsFollowUp1764510000000(),
        ];
        await runner.startTransaction();
        for (const migration of [...migrations].reverse()) await migration.down(runner);
        expect(
          await runner.query(
            `SELECT to_regclass('learned_incidents') AS t, to_regclass('learned_incident_words') AS w`,
          ),
        ).toEqual([{ t: null, w: null }]);
        for (const migration of migrations) await migration.up(runner);
        await runner.commitTransaction();
        // The learned-incidents migration still builds its trigram index; a later one drops it.
        const trigramIndexes = () =>
          runner.query(
            `SELECT indexname FROM pg_indexes WHERE tablename = 'learned_incidents' AND indexdef LIKE '%gist_trgm_ops%'`,
          );
        expect(await trigramIndexes()).toEqual([{ indexname: 'learned_incidents_title_trgm_gist_idx' }]);
        await new DropTitleTrigramIndexes1764500000000().up(runner);
        expect(await trigramIndexes()).toEqual([]);
      } finally {
        await runner.release();
        await ds.destroy();
      }
      expect(await t.db.query(`SELECT * FROM learned_incidents ORDER BY incident_id`)).toEqual(before);
      expect(await t.db.query(`SELECT * FROM learned_incident_words ORDER BY 1, 2, 3, 4`)).toEqual(
        wordsBefore,
      );
    });

    it('is emptied when lessons are truncated', async () => {
      await t.db.query('TRUNCATE lessons CASCADE');
      expect(await t.db.query('SELECT * FROM learned_incidents')).toEqual([]);
    });
  });
});
