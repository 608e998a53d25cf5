import { Client } from 'pg';
import { bearer, OrgFixture } from './support/fixtures';
import { stillWaiting } from './support/still-waiting';
import { TestApp } from './support/test-app';
import { ConfidentialRegister, startConfidentialRegister } from './support/confidential-register';

/** Actions whose flag is not what their source says: a hidden action must never be unflagged. */
const DRIFT = `
  SELECT a.id, a.source_confidential FROM actions a
  LEFT JOIN incidents i ON a.source_type = 'incident' AND i.id = a.source_id
  LEFT JOIN lessons l ON a.source_type = 'lesson' AND l.id = a.source_id
  WHERE a.source_confidential IS DISTINCT FROM CASE a.source_type
    WHEN 'incident' THEN coalesce(i.confidentiality = 'confidential', true)
    WHEN 'lesson' THEN coalesce(l.source_confidential, true)
    ELSE false END`;

/**
 * `actions.source_confidential` (migration 1764620000000) says which actions a member's list checks
 * against their source; the others are shown without looking. These tests hold it to the source's
 * confidentiality through every change, also straight in SQL and under concurrency, and check what
 * a member sees through it.
 */
describe('actions: the confidentiality of their source', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let outsider: string;

  let register: ConfidentialRegister;
  const incident = (confidentiality: string, title: string) => register.incident(confidentiality, title);
  const lesson = (sourceId: string, title: string) => register.lesson(sourceId, title);
  const action = async (sourceType: string, sourceId: string, description: string) =>
    (
      await t.http
        .post('/v1/actions')
        .set(bearer(org.lead.token))
        .send({ sourceType, sourceId, description, assigneeId: org.lead.id, dueDate: '2026-12-01' })
        .expect(201)
    ).body.id as string;
  const flag = async (actionId: string) =>
    (await t.db.query('SELECT source_confidential AS f FROM actions WHERE id = $1', [actionId]))[0].f;
  /** The flags of several actions, in their order (one query: the connection takes one at a time). */
  const flags = async (actionIds: string[]) =>
    (
      await t.db.query(
        `SELECT a.source_confidential AS f FROM unnest($1::uuid[]) WITH ORDINALITY AS x (id, n)
         JOIN actions a ON a.id = x.id ORDER BY x.n`,
        [actionIds],
      )
    ).map((row: { f: boolean }) => row.f);
  const outsiderSees = async () =>
    (await t.http.get('/v1/actions?pageSize=100').set(bearer(outsider)).expect(200)).body.items
      .map((a: { description: string }) => a.description)
      .sort();
  /** An action inserted in SQL, through `client` or the test's own connection: its id and flag. */
  const insertAction = async (
    client: Client | undefined,
    sourceType: string,
    sourceId: string,
    description: string,
  ): Promise<{ id: string; f: boolean }> => {
    const sql = `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, status, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, '2026-12-01', 'open', $6) RETURNING id, source_confidential AS f`;
    const values = [org.organisationId, chainId, sourceType, sourceId, description, org.lead.id];
    return client ? (await client.query(sql, values)).rows[0] : (await t.db.query(sql, values))[0];
  };

  beforeAll(async () => {
    register = await startConfidentialRegister();
    ({ t, org, chainId, outsider } = register);
  });
  afterEach(async () => {
    expect(await t.db.query(DRIFT)).toEqual([]);
  });
  afterAll(() => t.close());

  it('follows the incident, and the lesson drawn from it, through every change', async () => {
    const secret = await incident('confidential', 'Datalek bij uitbetaling');
    const open = await incident('internal', 'Vertraagde uitbetaling');
    const secretLesson = await lesson(secret, 'Les uit het datalek');
    const openLesson = await lesson(open, 'Les uit de vertraging');
    const onSecret = await action('incident', secret, 'Melden bij de AP');
    const onOpen = await action('incident', open, 'Betaalrun inhalen');
    const onSecretLesson = await action('lesson', secretLesson, 'Toegang beperken');
    const onOpenLesson = await action('lesson', openLesson, 'Planning bijstellen');
    expect(await flags([onSecret, onOpen, onSecretLesson, onOpenLesson])).toEqual([true, false, true, false]);
    expect(await outsiderSees()).toEqual(['Betaalrun inhalen', 'Planning bijstellen']);

    // The incidents change places: their actions, and those of their lessons, follow.
    await t.db.query(`UPDATE incidents SET confidentiality = 'internal' WHERE id = $1`, [secret]);
    await t.db.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [open]);
    expect(await flags([onSecret, onOpen, onSecretLesson, onOpenLesson])).toEqual([false, true, false, true]);
    expect(await outsiderSees()).toEqual(['Melden bij de AP', 'Toegang beperken']);

    // A lesson moved to another incident, an action to another source.
    await t.db.query(`UPDATE lessons SET source_id = $2 WHERE id = $1`, [secretLesson, open]);
    expect(await flag(onSecretLesson)).toBe(true);
    await t.db.query(`UPDATE actions SET source_id = $2 WHERE id = $1`, [onOpen, secret]);
    expect(await flag(onOpen)).toBe(false);
    await t.db.query(`UPDATE actions SET source_type = 'lesson', source_id = $2 WHERE id = $1`, [
      onSecret,
      secretLesson,
    ]);
    expect(await flag(onSecret)).toBe(true);
    expect(await outsiderSees()).toEqual(['Betaalrun inhalen']);
  });

  it('hides the actions of a deleted or missing source', async () => {
    const gone = await incident('internal', 'Verkeerde brief verstuurd');
    const drawn = await lesson(gone, 'Les uit de brief');
    const onIncident = await action('incident', gone, 'Brief rectificeren');
    const onLesson = await action('lesson', drawn, 'Sjabloon herzien');
    expect([await flag(onIncident), await flag(onLesson)]).toEqual([false, false]);
    // Deleted in SQL: the API refuses while they have lessons or actions.
    await t.db.query(`DELETE FROM lessons WHERE id = $1`, [drawn]);
    expect(await flag(onLesson)).toBe(true);
    await t.db.query(`DELETE FROM incidents WHERE id = $1`, [gone]);
    expect(await flag(onIncident)).toBe(true);
    expect(await outsiderSees()).not.toContain('Brief rectificeren');
    // An action inserted while its source is missing (or a bulk load before its sources).
    const late = await insertAction(undefined, 'lesson', drawn, 'Actie zonder les');
    expect(late.f).toBe(true);
    expect(await outsiderSees()).not.toContain('Actie zonder les');
  });

  it('refuses to hide actions from a writer above read committed, whose snapshot could miss some', async () => {
    // A path only the actions' trigger guards (the lessons' own flag does not change): the lesson goes.
    const open = await incident('internal', 'Brief naar verkeerd adres');
    const drawn = await lesson(open, 'Les uit de brief');
    await action('lesson', drawn, 'Adres controleren');
    await t.db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      await expect(t.db.query(`DELETE FROM lessons WHERE id = $1`, [drawn])).rejects.toThrow(
        'hiding the lessons and actions of a confidential source needs read committed isolation',
      );
    } finally {
      await t.db.query('ROLLBACK');
    }
  });

  it('is set by bulk loads that skip ordinary triggers (session_replication_role = replica)', async () => {
    const secret = await incident('confidential', 'Fraude met declaraties');
    await t.db.query(`SET session_replication_role = replica`);
    try {
      for (const n of [1, 2]) await insertAction(undefined, 'incident', secret, `Geladen actie ${n}`);
    } finally {
      await t.db.query(`RESET session_replication_role`);
    }
    const loaded = await t.db.query(
      `SELECT source_confidential AS f FROM actions WHERE description LIKE 'Geladen actie %'`,
    );
    expect(loaded.map((row) => row.f)).toEqual([true, true]);
  });

  it('waits for a concurrent change of its source and takes its outcome', async () => {
    const racing = await incident('internal', 'Onjuiste beslissing op bezwaar');
    const drawn = await lesson(racing, 'Les uit het bezwaar');
    const changer = new Client({ connectionString: t.db.url });
    const creator = new Client({ connectionString: t.db.url });
    await Promise.all([changer.connect(), creator.connect()]);
    try {
      // The action comes while the change is not yet committed: it waits, then takes it.
      await changer.query('BEGIN');
      await changer.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [racing]);
      const onIncident = insertAction(creator, 'incident', racing, 'Tijdens de wijziging');
      expect(await stillWaiting(onIncident)).toBe(true);
      await changer.query('COMMIT');
      expect((await onIncident).f).toBe(true);
      expect((await insertAction(creator, 'lesson', drawn, 'Op de les')).f).toBe(true);

      // The other way round: a change waits for an action being created, then flags it.
      await changer.query(`UPDATE incidents SET confidentiality = 'internal' WHERE id = $1`, [racing]);
      await creator.query('BEGIN');
      const second = await insertAction(creator, 'lesson', drawn, 'Tweede actie');
      expect(second.f).toBe(false);
      const change = changer.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [
        racing,
      ]);
      expect(await stillWaiting(change)).toBe(true);
      await creator.query('COMMIT');
      await change;
      expect(await flag(second.id)).toBe(true);
    } finally {
      await Promise.all([changer.end(), creator.end()]);
    }
  });

  // Last: they empty the register.
  it('hides every action of a lesson or an incident when those are truncated', async () => {
    const open = await incident('internal', 'Wachttijd bij de balie');
    const drawn = await lesson(open, 'Les uit de wachttijd');
    const onLesson = await action('lesson', drawn, 'Extra baliemedewerker');
    await t.db.query('TRUNCATE lessons CASCADE');
    expect(await flag(onLesson)).toBe(true);
    const onIncident = await action('incident', open, 'Afsprakensysteem invoeren');
    expect(await flag(onIncident)).toBe(false);
    await t.db.query('TRUNCATE incidents, lessons CASCADE');
    expect(await flag(onIncident)).toBe(true);
    expect(await outsiderSees()).toEqual([]);
  });
});
