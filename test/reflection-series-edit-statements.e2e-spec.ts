import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainWithTriangle, subscribeWebhook } from './support/reflection-fixtures';
import { recordSentQueries, SentQuery } from './support/record-sent-queries';
import { startTestApp, TestApp } from './support/test-app';

/**
 * An edit of a series replans its sessions set-based: the statements a PATCH sends do not grow
 * with the number of sessions it touches. A statement per session held a daily series' lock for
 * seconds (bench/series-edit-bench.ts measures it). Checked by sending the same PATCH to a series
 * of ten sessions and to one of a year of them (64 days of them with reminders), both with the
 * same invitees and a webhook subscriber to their reminders. The larger may take another branch
 * or two (a session the new time moves past the horizon is deleted: 5 statements), never one per
 * session (a statement or more each: hundreds more).
 */
describe('reflection series: the statements of an edit do not grow with its sessions', () => {
  let t: TestApp;
  let org: OrgFixture;
  let participants: string[];
  let chains: string[];

  const NOW = '2026-03-01T09:00:00Z';
  /** Statements a branch the larger series may take adds (deleting sessions: 5). */
  const BRANCHES = 8;
  /**
   * What these edits send, whatever the number of sessions: they plan only what changed (the
   * reminders of who joined, a new title written into what is planned), not every reminder again.
   * A statement more here is a statement more on every such edit: look at it before raising these.
   */
  const PINNED: Record<string, number> = {
    'the title': 18,
    'the place': 18,
    'the participants': 23,
    'the chain': 23,
  };

  const create = async (rrule: string) =>
    (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title: 'Reflectie ketenteam',
          kind: 'chain',
          chainId: chains[0],
          chairId: org.lead.id,
          participantIds: participants,
          rrule,
          firstStart: '2026-03-02T10:00:00+01:00',
          durationMinutes: 60,
          reminderOffsets: ['P1D', 'PT1H'],
          skipPublicHolidays: false,
        })
        .expect(201)
    ).body;

  /** The statements a PATCH of the series sends, and its answer. */
  const statementsOf = async (series: { id: string; version: number }, body: object) => {
    const sent: SentQuery[] = [];
    recordSentQueries(sent);
    try {
      await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ ...body, version: series.version })
        .expect(200);
    } finally {
      jest.restoreAllMocks();
    }
    return sent;
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set(NOW);
    org = await createOrganisation(t.http, t.systemToken);
    participants = [];
    for (const name of ['Pia Deelnemer', 'Piet Deelnemer', 'Petra Deelnemer'])
      participants.push((await createPerson(t.http, org.admin.token, { name, accessRole: 'member' })).id);
    chains = [];
    for (let i = 0; i < 2; i += 1) {
      const triangle = await Promise.all(
        ['Olga Eigenaar', 'Otto Opdrachtgever', 'Olaf Opdrachtnemer'].map((name) =>
          createPerson(t.http, org.admin.token, { name, accessRole: 'member' }),
        ),
      );
      chains.push(
        await createChainWithTriangle(t.http, org.admin.token, {
          owner: triangle[0].id,
          commissioner: triangle[1].id,
          contractor: triangle[2].id,
        }),
      );
    }
    await subscribeWebhook(t.db, org.organisationId, ['session.reminder']);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(NOW));

  it.each([
    ['the title', () => ({ title: 'Reflectie ketenteam (nieuw)' })],
    ['the place', () => ({ location: 'Zaal 2', meetingUrl: 'https://teams.example.nl/ketenteam' })],
    ['the time of day', () => ({ firstStart: '2026-03-02T11:00:00+01:00' })],
    [
      'the rule',
      (rrule: string) => ({ rrule: `${rrule.replace('FREQ=DAILY', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR')}` }),
    ],
    ['the reminder offsets', () => ({ reminderOffsets: ['P2D'] })],
    ['the participants', () => ({ participantIds: participants.slice(1) })],
    ['the chain', () => ({ chainId: chains[1] })],
    ['active (stopped)', () => ({ active: false })],
  ])('changing %s', async (name, patch) => {
    const few = await create('FREQ=DAILY;COUNT=10');
    const many = await create('FREQ=DAILY');
    const [{ count: fewSessions }] = await t.db.query(
      `SELECT count(*)::int AS count FROM reflection_sessions WHERE series_id = $1`,
      [few.id],
    );
    const [{ count: manySessions }] = await t.db.query(
      `SELECT count(*)::int AS count FROM reflection_sessions WHERE series_id = $1`,
      [many.id],
    );
    expect(fewSessions).toBe(10);
    expect(manySessions).toBeGreaterThan(360);
    const fewStatements = (await statementsOf(few, patch(few.rrule))).length;
    const sent = await statementsOf(many, patch(many.rrule));
    const manyStatements = sent.length;
    expect(manyStatements).toBeLessThanOrEqual(fewStatements + BRANCHES);
    if (name in PINNED) expect([fewStatements, manyStatements]).toEqual([PINNED[name], PINNED[name]]);
    // A new title or place is written into the messages planned, none planned anew.
    if (['the title', 'the place'].includes(name))
      expect(sent.filter((q) => /INSERT INTO notifications/i.test(q.sql))).toEqual([]);
  });

  /** Sends the agenda of the series' first `count` sessions; the worker delivered it to everyone. */
  const announce = async (seriesId: string, count: number): Promise<string[]> => {
    const sessions: { id: string; version: number }[] = await t.db.query(
      `SELECT id, version FROM reflection_sessions WHERE series_id = $1 ORDER BY scheduled_at LIMIT $2`,
      [seriesId, count],
    );
    for (const session of sessions)
      await t.http
        .patch(`/v1/reflection-sessions/${session.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'agenda-sent', version: session.version })
        .expect(200);
    const ids = sessions.map((session) => session.id);
    await t.db.query(
      `UPDATE notifications SET status = 'sent', sent_at = now() WHERE kind = 'agenda' AND subject_id = ANY($1)`,
      [ids],
    );
    return ids;
  };

  it.each([
    [
      'a new place sends every invitation again',
      () => ({ location: 'Zaal 3' }),
      `SELECT subject_id, count(*)::int AS n FROM notifications
       WHERE kind = 'agenda' AND status = 'pending' AND payload->>'location' = 'Zaal 3'
         AND payload->>'reinvited' = 'true' AND subject_id = ANY($1)
       GROUP BY subject_id`,
      // The chair, three participants and the chain's triangle of three.
      7,
    ],
    [
      'a participant taken off has every invitation withdrawn',
      () => ({ participantIds: participants.slice(1) }),
      `SELECT subject_id, count(*)::int AS n FROM notifications
       WHERE kind = 'session-uninvited' AND status = 'pending' AND subject_id = ANY($1)
       GROUP BY subject_id`,
      1,
    ],
    [
      'a new chain withdraws the invitations of its triangle and invites the next',
      () => ({ chainId: chains[1] }),
      `SELECT subject_id, count(*)::int AS n FROM notifications
       WHERE kind IN ('session-uninvited', 'agenda') AND status = 'pending' AND subject_id = ANY($1)
       GROUP BY subject_id`,
      6,
    ],
  ])('%s in as many statements for five announced sessions as for one', async (_, patch, told, each) => {
    const one = await create('FREQ=DAILY;COUNT=10');
    await announce(one.id, 1);
    const five = await create('FREQ=DAILY;COUNT=10');
    const announced = await announce(five.id, 5);
    const oneStatements = (await statementsOf(one, patch())).length;
    const fiveStatements = (await statementsOf(five, patch())).length;
    expect(fiveStatements).toBe(oneStatements);
    // Every one of the five tells everyone concerned.
    const rows = await t.db.query(`${told} ORDER BY subject_id`, [announced]);
    expect(rows).toEqual([...announced].sort().map((id) => ({ subject_id: id, n: each })));
  });
});
