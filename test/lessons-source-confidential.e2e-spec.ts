import { Client } from 'pg';
import { bearer, OrgFixture } from './support/fixtures';
import { stillWaiting } from './support/still-waiting';
import { TestApp } from './support/test-app';
import { ConfidentialRegister, startConfidentialRegister } from './support/confidential-register';

/** Lessons whose flag is not what their source says: a hidden lesson must never be unflagged. */
const DRIFT = `
  SELECT l.id, l.source_confidential FROM lessons l
  LEFT JOIN incidents i ON l.source_type = 'incident' AND i.id = l.source_id
  WHERE l.source_confidential IS DISTINCT FROM
        (l.source_type = 'incident' AND coalesce(i.confidentiality = 'confidential', true))`;

/**
 * `lessons.source_confidential` (migration 1764560000000) says which lessons a member's list
 * checks against their incident; the others are shown without looking. These tests hold it to
 * the incident's confidentiality through every change, also straight in SQL and under
 * concurrency, and check what a member sees through it.
 */
describe('lessons: the confidentiality of their incident', () => {
  let t: TestApp;
  let org: OrgFixture;
  let outsider: string;

  let register: ConfidentialRegister;
  const incident = (confidentiality: string, title: string) => register.incident(confidentiality, title);
  const lesson = (sourceId: string, title: string) => register.lesson(sourceId, title);
  const flag = async (lessonId: string) =>
    (await t.db.query('SELECT source_confidential AS f FROM lessons WHERE id = $1', [lessonId]))[0].f;
  const outsiderSees = async () =>
    (await t.http.get('/v1/lessons?pageSize=100').set(bearer(outsider)).expect(200)).body.items.map(
      (l: { title: string }) => l.title,
    );

  beforeAll(async () => {
    register = await startConfidentialRegister();
    ({ t, org, outsider } = register);
  });
  afterEach(async () => {
    expect(await t.db.query(DRIFT)).toEqual([]);
  });
  afterAll(() => t.close());

  it('follows the incident when the lesson is drawn and when the incident changes', async () => {
    const secret = await incident('confidential', 'Datalek bij uitbetaling');
    const open = await incident('internal', 'Vertraagde uitbetaling');
    const hidden = await lesson(secret, 'Les uit het datalek');
    const shown = await lesson(open, 'Les uit de vertraging');
    expect([await flag(hidden), await flag(shown)]).toEqual([true, false]);
    expect(await outsiderSees()).toEqual(['Les uit de vertraging']);

    await t.db.query(`UPDATE incidents SET confidentiality = 'internal' WHERE id = $1`, [secret]);
    await t.db.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [open]);
    expect([await flag(hidden), await flag(shown)]).toEqual([false, true]);
    expect(await outsiderSees()).toEqual(['Les uit het datalek']);

    // Moved to another incident, or to a source that is not an incident.
    await t.db.query(`UPDATE lessons SET source_id = $2 WHERE id = $1`, [hidden, open]);
    expect(await flag(hidden)).toBe(true);
    const [practice] = await t.db.query(
      `INSERT INTO best_practices (organisation_id, title, context, practice, evidence, status, proposed_by_id)
       VALUES ($1, 'Vier ogen', 'c', 'p', 'e', 'proposed', $2) RETURNING id`,
      [org.organisationId, org.lead.id],
    );
    await t.db.query(`UPDATE lessons SET source_type = 'best-practice', source_id = $2 WHERE id = $1`, [
      hidden,
      practice.id,
    ]);
    expect(await flag(hidden)).toBe(false);
  });

  it('hides the lessons of a deleted or missing incident', async () => {
    const gone = await incident('internal', 'Verkeerde brief verstuurd');
    const orphan = await lesson(gone, 'Les uit de brief');
    expect(await flag(orphan)).toBe(false);
    // Deleted in SQL: the API refuses while the incident has lessons.
    await t.db.query(`DELETE FROM incidents WHERE id = $1`, [gone]);
    expect(await flag(orphan)).toBe(true);
    expect(await outsiderSees()).not.toContain('Les uit de brief');
    // A lesson inserted while its incident is missing (or a bulk load before its incidents).
    const [late] = await t.db.query(
      `INSERT INTO lessons (organisation_id, source_type, source_id, title, addressed_role, drawn_by_id)
       VALUES ($1, 'incident', $2, 'Les zonder incident', 'all', $3) RETURNING id`,
      [org.organisationId, gone, org.lead.id],
    );
    expect(await flag(late.id)).toBe(true);
    expect(await outsiderSees()).not.toContain('Les zonder incident');
  });

  it('refuses to hide lessons from a writer above read committed, whose snapshot could miss some', async () => {
    const open = await incident('internal', 'Brief naar verkeerd adres');
    await t.db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      await expect(
        t.db.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [open]),
      ).rejects.toThrow(/read committed/);
    } finally {
      await t.db.query('ROLLBACK');
    }
    // Showing them is safe at any level: a lesson it misses stays flagged, and is checked.
    const secret = await incident('confidential', 'Adresgegevens gelekt');
    await t.db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await t.db.query(`UPDATE incidents SET confidentiality = 'internal' WHERE id = $1`, [secret]);
    await t.db.query('COMMIT');
  });

  it('is set by bulk loads that skip ordinary triggers (session_replication_role = replica)', async () => {
    const secret = await incident('confidential', 'Fraude met declaraties');
    await t.db.query(`SET session_replication_role = replica`);
    try {
      await t.db.query(
        `INSERT INTO lessons (organisation_id, source_type, source_id, title, addressed_role, drawn_by_id)
         SELECT $1, 'incident', $2, 'Geladen les ' || n, 'all', $3 FROM generate_series(1, 3) n`,
        [org.organisationId, secret, org.lead.id],
      );
    } finally {
      await t.db.query(`RESET session_replication_role`);
    }
    const loaded = await t.db.query(
      `SELECT source_confidential AS f FROM lessons WHERE title LIKE 'Geladen les %'`,
    );
    expect(loaded.map((row) => row.f)).toEqual([true, true, true]);
  });

  it('waits for a concurrent change of the incident and takes its outcome', async () => {
    const racing = await incident('internal', 'Onjuiste beslissing op bezwaar');
    const changer = new Client({ connectionString: t.db.url });
    const drawer = new Client({ connectionString: t.db.url });
    await Promise.all([changer.connect(), drawer.connect()]);
    try {
      await changer.query('BEGIN');
      await changer.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [racing]);
      const draw = (client: Client, title: string) =>
        client.query(
          `INSERT INTO lessons (organisation_id, source_type, source_id, title, addressed_role, drawn_by_id)
           VALUES ($1, 'incident', $2, $3, 'all', $4) RETURNING id, source_confidential AS f`,
          [org.organisationId, racing, title, org.lead.id],
        );
      // The lesson's insert comes while the change is not yet committed: it waits, then takes it.
      const drawn = draw(drawer, 'Les tijdens de wijziging');
      expect(await stillWaiting(drawn)).toBe(true);
      await changer.query('COMMIT');
      expect((await drawn).rows[0].f).toBe(true);

      // The other way round: a change waits for a lesson being drawn, then flags it.
      await changer.query(`UPDATE incidents SET confidentiality = 'internal' WHERE id = $1`, [racing]);
      await drawer.query('BEGIN');
      const second = (await draw(drawer, 'Tweede les')).rows[0];
      expect(second.f).toBe(false);
      const change = changer.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [
        racing,
      ]);
      expect(await stillWaiting(change)).toBe(true);
      await drawer.query('COMMIT');
      await change;
      expect(await flag(second.id)).toBe(true);
    } finally {
      await Promise.all([changer.end(), drawer.end()]);
    }
  });

  it('lets two bulk loads draw lessons from one incident at once without a deadlock', async () => {
    const shared = await incident('internal', 'Storing in de betaalketen');
    const loaders = [new Client({ connectionString: t.db.url }), new Client({ connectionString: t.db.url })];
    await Promise.all(loaders.map((client) => client.connect()));
    try {
      // Each statement reads the incident for every row (the lesson trigger), and locks it again at
      // its end (the report triggers): two of them interleaved must take turns, not deadlock.
      const load = (client: Client, name: string) =>
        client.query(
          `INSERT INTO lessons (organisation_id, source_type, source_id, title, addressed_role, drawn_by_id)
           SELECT $1, 'incident', $2, $3 || n, 'all', $4 FROM generate_series(1, 3) n
           WHERE pg_sleep(0.1) IS NOT NULL`,
          [org.organisationId, shared, name, org.lead.id],
        );
      const first = load(loaders[0], 'Eerste lading ');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all([first, load(loaders[1], 'Tweede lading ')]);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM lessons WHERE source_id = $1`, [
        shared,
      ]);
      expect(n).toBe(6);
    } finally {
      await Promise.all(loaders.map((client) => client.end()));
    }
  });

  it('lets a lesson being changed and its incident made confidential take turns, not deadlock', async () => {
    const open = await incident('internal', 'Bezwaar te laat behandeld');
    const drawn = await lesson(open, 'Les uit het bezwaar');
    const version = (await t.http.get(`/v1/incidents/${open}`).set(bearer(org.lead.token))).body.version;
    const editor = new Client({ connectionString: t.db.url });
    await editor.connect();
    try {
      // As a lesson's update goes: the lesson locked first, its incident later (the report triggers).
      await editor.query('BEGIN');
      await editor.query('SELECT 1 FROM lessons WHERE id = $1 FOR UPDATE', [drawn]);
      const change = t.http
        .patch(`/v1/incidents/${open}`)
        .set(bearer(org.lead.token))
        .send({ confidentiality: 'confidential', version })
        .then((response) => response.status);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await editor.query('SELECT 1 FROM incidents WHERE id = $1 FOR NO KEY UPDATE', [open]);
      await editor.query('COMMIT');
      expect(await change).toBe(200);
    } finally {
      await editor.end();
    }
    expect(await flag(drawn)).toBe(true);
  });

  // Last: it empties the register.
  it('hides every lesson of an incident when the incidents are truncated', async () => {
    const open = await incident('internal', 'Wachttijd bij de balie');
    const drawn = await lesson(open, 'Les uit de wachttijd');
    expect(await flag(drawn)).toBe(false);
    await t.db.query('TRUNCATE incidents');
    expect(await flag(drawn)).toBe(true);
    expect(await outsiderSees()).not.toContain('Les uit de wachttijd');
  });
});
