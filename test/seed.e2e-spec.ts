import { DemoSeedService } from '@app/domain/demo/demo-seed.service';
import { bearer } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const TABLES = [
  'organisations',
  'teams',
  'people',
  'person_teams',
  'chains',
  'role_assignments',
  'incidents',
  'lessons',
  'best_practices',
  'best_practice_adoptions',
  'actions',
  'themes',
  'reflection_series',
  'reflection_sessions',
  'notifications',
];

describe('demo seed', () => {
  let t: TestApp;
  let seed: DemoSeedService;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    seed = t.app.get(DemoSeedService);
  });
  afterAll(() => t.close());

  const counts = async () => {
    const result: Record<string, number> = {};
    for (const table of TABLES)
      result[table] = (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    return result;
  };

  let first: Awaited<ReturnType<DemoSeedService['run']>>;
  let afterFirst: Record<string, number>;

  it('creates a ministry and an implementing agency with a realistic register, once when run twice at once', async () => {
    const runs = await Promise.all([seed.run(), seed.run()]);
    expect(runs.map((r) => r.created).sort()).toEqual([false, true]);
    first = runs.find((r) => r.created)!;
    expect(runs[0].organisationId).toBe(runs[1].organisationId);
    expect(first.lead).toEqual(
      expect.objectContaining({ name: 'Fatima el Amrani', email: 'fatima.elamrani@example.nl' }),
    );
    afterFirst = await counts();
    expect(afterFirst.organisations).toBe(2);
    expect(afterFirst.incidents).toBeGreaterThanOrEqual(24);
    const names = await t.db.query('SELECT name, kind FROM organisations ORDER BY name');
    expect(names).toEqual([
      { name: 'Ministerie van Sociale Zaken en Werkgelegenheid', kind: 'ministerie' },
      { name: 'Uitvoeringsinstituut Werknemersverzekeringen', kind: 'uitvoeringsorganisatie' },
    ]);
    const emails = await t.db.query('SELECT email FROM people WHERE NOT system_admin');
    expect(emails.every((p: { email: string }) => /^[a-z]+\.[a-z]+@example\.nl$/.test(p.email))).toBe(true);
  });

  it('fills every triangle role of every chain, with different people', async () => {
    const chains = await t.db.query(
      `SELECT c.name, array_agg(ra.role ORDER BY ra.role) AS roles, count(DISTINCT ra.person_id)::int AS people
       FROM chains c JOIN role_assignments ra ON ra.chain_id = c.id GROUP BY c.name ORDER BY c.name`,
    );
    expect(chains).toEqual([
      { name: 'Arbeidsongeschiktheid (WIA)', roles: ['commissioner', 'contractor', 'owner'], people: 3 },
      // The agency's own chain: its people log incidents too.
      { name: 'Klantcontact WW', roles: ['commissioner', 'contractor', 'owner'], people: 3 },
      { name: 'Werkloosheidswet (WW)', roles: ['commissioner', 'contractor', 'owner'], people: 3 },
    ]);
  });

  it('plans reflection series with their sessions and reminders ahead; one held its last session', async () => {
    const series = await t.http.get('/v1/reflection-series').set(bearer(first.token)).expect(200);
    expect(series.body.items.map((s: { title: string }) => s.title).sort()).toEqual([
      'Driehoeksoverleg WW: wat leert de uitvoering ons?',
      'Reflectie bestuursraad: leren van signalen',
    ]);
    const now = new Date('2026-06-15T08:00:00Z');
    for (const one of series.body.items) {
      const sessions = (
        await t.http
          .get(`/v1/reflection-series/${one.id}/sessions?pageSize=100`)
          .set(bearer(first.token))
          .expect(200)
      ).body.items;
      const ahead = sessions.filter((s: { scheduledAt: string }) => new Date(s.scheduledAt) > now);
      expect(ahead.length).toBeGreaterThanOrEqual(8);
      expect(ahead.every((s: { status: string }) => s.status === 'planned')).toBe(true);
      const past = sessions.filter((s: { scheduledAt: string }) => new Date(s.scheduledAt) <= now);
      if (one.title.startsWith('Reflectie bestuursraad')) {
        // The first Tuesday of June 2026, 10:00 Dutch time: held, with its minutes and decisions.
        expect(past).toEqual([
          expect.objectContaining({
            scheduledAt: '2026-06-02T08:00:00.000Z',
            status: 'held',
            decisions: expect.arrayContaining([expect.stringMatching(/proefbetaling/)]),
          }),
        ]);
        expect(past[0].minutes).toMatch(/bestuursraad/);
      } else expect(past).toEqual([]);
    }
    const reminders = await t.db.query(
      `SELECT n.due_at FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id
       WHERE n.kind = 'session-reminder'`,
    );
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((r: { due_at: Date }) => r.due_at > now)).toBe(true);
  });

  it('covers every severity, attention level, source kind, cause level and status, some confidential', async () => {
    const distinct = async (column: string) =>
      (
        await t.db.query(
          `SELECT DISTINCT ${column} AS v FROM incidents WHERE ${column} IS NOT NULL ORDER BY 1`,
        )
      ).map((r: { v: string }) => r.v);
    expect(await distinct('severity')).toEqual(['critical', 'high', 'low', 'medium']);
    expect(await distinct('public_attention')).toEqual(['local', 'national', 'none', 'parliamentary']);
    expect(await distinct('cause_level')).toEqual([
      'chain',
      'implementation',
      'legislation',
      'policy',
      'politics',
    ]);
    expect(await distinct('status')).toEqual(['analysing', 'closed', 'lessons-drawn', 'reported']);
    expect((await distinct('source')).length).toBeGreaterThanOrEqual(6);
    expect(await distinct('confidentiality')).toEqual(['confidential', 'internal']);
    const lessons = await t.db.query('SELECT DISTINCT status FROM lessons ORDER BY 1');
    expect(lessons.map((r: { status: string }) => r.status)).toEqual([
      'draft',
      'embedded',
      'retired',
      'validated',
    ]);
    const practices = await t.db.query('SELECT DISTINCT status FROM best_practices ORDER BY 1');
    expect(practices.map((r: { status: string }) => r.status)).toEqual([
      'adopted',
      'endorsed',
      'proposed',
      'retired',
    ]);
    expect(afterFirst.best_practice_adoptions).toBeGreaterThan(0);
    expect(afterFirst.themes).toBeGreaterThan(0);
  });

  it('holds only what the API itself could have written', async () => {
    // Validating takes a response and its reason, embedding evidence, retiring ends the re-checks;
    // tags are normalised.
    const unlike = await t.db.query(`
      SELECT 'lesson ' || title AS record FROM lessons
      WHERE status <> 'draft' AND (response IS NULL OR response_reason IS NULL)
         OR status = 'embedded' AND evidence IS NULL
         OR status = 'retired' AND recheck_at IS NOT NULL
      UNION ALL
      SELECT 'incident ' || title FROM incidents, unnest(tags) t WHERE t !~ '^[a-z0-9]+(-[a-z0-9]+)*$'
      UNION ALL
      SELECT 'best practice ' || title FROM best_practices, unnest(tags) t WHERE t !~ '^[a-z0-9]+(-[a-z0-9]+)*$'`);
    expect(unlike).toEqual([]);
  });

  it('keeps every reference inside its own organisation', async () => {
    const leaks = await t.db.query(`
      SELECT 'incident' FROM incidents i JOIN chains c ON c.id = i.chain_id WHERE c.organisation_id <> i.organisation_id
      UNION ALL SELECT 'lesson' FROM lessons l WHERE NOT EXISTS (
        SELECT 1 FROM incidents i WHERE i.id = l.source_id AND i.organisation_id = l.organisation_id
        UNION ALL SELECT 1 FROM best_practices b WHERE b.id = l.source_id AND b.organisation_id = l.organisation_id)
      UNION ALL SELECT 'action' FROM actions a JOIN people p ON p.id = a.assignee_id WHERE p.organisation_id <> a.organisation_id
      UNION ALL SELECT 'adoption' FROM best_practice_adoptions x JOIN teams tm ON tm.id = x.team_id
        WHERE tm.organisation_id <> x.organisation_id
      UNION ALL SELECT 'theme' FROM themes th JOIN people p ON p.id = th.owner_id WHERE p.organisation_id <> th.organisation_id`);
    expect(leaks).toEqual([]);
  });

  it('gives a working token of a lead, who sees overdue actions, best practices and themes', async () => {
    const overdue = await t.http.get('/v1/actions?overdue=true').set(bearer(first.token)).expect(200);
    expect(overdue.body.total).toBeGreaterThanOrEqual(2);
    expect(overdue.body.items.every((a: { overdue: boolean }) => a.overdue)).toBe(true);
    const search = await t.http
      .get('/v1/best-practices?q=uitvoeringstoetsen')
      .set(bearer(first.token))
      .expect(200);
    expect(search.body.items[0].title).toBe('Uitvoeringstoets als vast onderdeel van elke beleidswijziging');
    const themes = await t.http.get('/v1/themes?active=true').set(bearer(first.token)).expect(200);
    expect(themes.body.total).toBe(3);
    const detail = await t.http
      .get(`/v1/best-practices/${search.body.items[0].id}`)
      .set(bearer(first.token))
      .expect(200);
    expect(detail.body.adoptions).toHaveLength(2);
  });

  it("shows the chains' triangles in the report of a quarter before the seed ran", async () => {
    // The clock is in Q2 2026; the chains were there (their triangles' first terms are years old).
    const report = await t.http
      .get('/v1/reports/quarterly?year=2026&quarter=1')
      .set(bearer(first.token))
      .expect(200);
    const chains = (
      await t.db.query(`SELECT count(*)::int AS n FROM chains WHERE organisation_id = $1`, [
        first.organisationId,
      ])
    )[0].n;
    expect(report.body.triangles).toHaveLength(chains);
    expect(chains).toBeGreaterThan(0);
  });

  it('counts an incident closed after its quarter as not closed at the end of it', async () => {
    // The seed stores closed incidents with closedAt and no status history; some registered in Q1
    // 2026 were closed in Q2.
    const [{ later, earlier }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE closed_at >= $2)::int AS later, count(*) FILTER (WHERE closed_at < $2)::int AS earlier
       FROM incidents WHERE organisation_id = $1 AND status = 'closed'
         AND reported_at >= '2026-01-01T00:00:00+01:00' AND reported_at < $2`,
      [first.organisationId, '2026-04-01T00:00:00+02:00'],
    );
    expect(later).toBeGreaterThan(0);
    const report = await t.http
      .get('/v1/reports/quarterly?year=2026&quarter=1')
      .set(bearer(first.token))
      .expect(200);
    expect(report.body.incidents.byStatusAtQuarterEnd.closed).toBe(earlier);
  });

  it('plans reminders for open actions only, none in the past', async () => {
    const rows = await t.db.query(
      `SELECT n.kind, n.due_at, a.status FROM notifications n JOIN actions a ON a.id = n.subject_id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r: { status: string }) => r.status === 'open')).toBe(true);
    expect(rows.every((r: { due_at: Date }) => r.due_at > new Date('2026-06-15T08:00:00Z'))).toBe(true);
    expect(new Set(rows.map((r: { kind: string }) => r.kind))).toEqual(
      new Set(['action-reminder', 'action-overdue', 'action-escalation']),
    );
  });

  it('seeds a recurrence the recurrence check finds, which an edit that keeps its story keeps', async () => {
    const [seen] = await t.db.query(
      `SELECT i.id, i.description, i.recurrence_of, e.title AS earlier FROM incidents i
       JOIN incidents e ON e.id = i.recurrence_of WHERE i.recurrence`,
    );
    expect(seen.earlier).toBe('WW-uitkeringen van ruim 800 klanten te laat uitbetaald na systeemwijziging');
    const similar = await t.http
      .get(`/v1/incidents/${seen.id}/similar-incidents`)
      .set(bearer(first.token))
      .expect(200);
    expect(similar.body.items[0]).toEqual(expect.objectContaining({ id: seen.recurrence_of }));
    const before = await t.http.get(`/v1/incidents/${seen.id}`).set(bearer(first.token)).expect(200);
    expect(before.body.recurrence).toBe(true);
    const edited = await t.http
      .patch(`/v1/incidents/${seen.id}`)
      .set(bearer(first.token))
      .send({
        version: before.body.version,
        description: `${seen.description} De release is teruggedraaid.`,
      })
      .expect(200);
    expect(edited.body.recurrence).toBe(true);
    const [after] = await t.db.query(`SELECT recurrence_of FROM incidents WHERE id = $1`, [seen.id]);
    expect(after.recurrence_of).toBe(seen.recurrence_of);
    // The quarter's figure counts it still.
    const report = await t.http
      .get('/v1/reports/quarterly?year=2026&quarter=2')
      .set(bearer(first.token))
      .expect(200);
    expect(report.body.incidents.recurrences).toBe(1);
  });

  it('creates nothing new when run again, but a fresh token', async () => {
    t.clock.set('2026-06-20T10:00:00+02:00');
    const second = await seed.run();
    expect(second.created).toBe(false);
    expect(second.organisationId).toBe(first.organisationId);
    expect(second.lead.id).toBe(first.lead.id);
    expect(second.token).not.toBe(first.token);
    expect(await counts()).toEqual(afterFirst);
    await t.http.get('/v1/themes').set(bearer(second.token)).expect(200);
    await t.http.get('/v1/themes').set(bearer(first.token)).expect(200);
    const tokens = await t.db.query('SELECT count(*)::int AS n FROM api_tokens WHERE person_id = $1', [
      first.lead.id,
    ]);
    expect(tokens[0].n).toBe(3);
    // Each printed token works for 30 days, then no longer.
    expect(second.tokenExpiresAt).toEqual(new Date('2026-07-20T08:00:00Z'));
    t.clock.set('2026-07-20T10:00:01+02:00');
    try {
      await t.http.get('/v1/themes').set(bearer(second.token)).expect(401);
    } finally {
      t.clock.set('2026-06-20T10:00:00+02:00');
    }
  });

  it("gives its token to another active lead when the demo's lead left or is no longer a lead", async () => {
    try {
      await t.db.query(`UPDATE people SET active = false WHERE id = $1`, [first.lead.id]);
      const left = await seed.run();
      expect(left.lead.id).not.toBe(first.lead.id);
      const [other] = await t.db.query(`SELECT active, access_role FROM people WHERE id = $1`, [
        left.lead.id,
      ]);
      expect(other).toEqual({ active: true, access_role: 'lead' });
      await t.http.get('/v1/themes').set(bearer(left.token)).expect(200);
      await t.db.query(`UPDATE people SET active = true, access_role = 'member' WHERE id = $1`, [
        first.lead.id,
      ]);
      expect((await seed.run()).lead.id).not.toBe(first.lead.id);
    } finally {
      await t.db.query(`UPDATE people SET active = true, access_role = 'lead' WHERE id = $1`, [
        first.lead.id,
      ]);
    }
  });

  it('audits what it created, as done by the system', async () => {
    const audit = await t.db.query(
      `SELECT entity_type, count(*)::int AS n FROM audit_events WHERE actor_id IS NULL AND action = 'create'
       AND entity_type IN ('incident', 'lesson', 'action') GROUP BY entity_type ORDER BY entity_type`,
    );
    expect(audit).toEqual([
      { entity_type: 'action', n: afterFirst.actions },
      { entity_type: 'incident', n: afterFirst.incidents },
      { entity_type: 'lesson', n: afterFirst.lessons },
    ]);
  });
});

describe('demo seed during a session', () => {
  it('records as held only a session that ended: the one under way is neither held nor planned', async () => {
    const t = await startTestApp();
    try {
      // Tuesday 2 June 2026, 10:30: the board's session of 10:00-11:30 is under way.
      t.clock.set('2026-06-02T10:30:00+02:00');
      await t.app.get(DemoSeedService).run();
      const held = await t.db.query(
        `SELECT s.scheduled_at, s.outcome_recorded_at FROM reflection_sessions s
         JOIN reflection_series r ON r.id = s.series_id
         WHERE r.title = 'Reflectie bestuursraad: leren van signalen' AND s.status = 'held'`,
      );
      expect(held).toEqual([
        {
          scheduled_at: new Date('2026-05-05T08:00:00Z'),
          outcome_recorded_at: new Date('2026-05-05T09:30:00Z'),
        },
      ]);
    } finally {
      await t.close();
    }
  });
});
