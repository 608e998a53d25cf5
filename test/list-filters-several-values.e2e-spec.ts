import { insertSession } from './support/delivery-fixtures';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { recordSentQueries, SentQuery } from './support/record-sent-queries';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The register's filters on an enumeration take several values, comma-separated, meaning any of
 * them (`severity=high,critical`): leadership asks for "the serious incidents", not for each
 * severity in turn. Checked on every such filter against the rows the list holds without it.
 */
describe('list filters with several values', () => {
  let t: TestApp;
  let org: OrgFixture;

  const FILTERS: Record<string, Record<string, string[]>> = {
    incidents: {
      status: ['reported', 'analysing', 'lessons-drawn', 'closed'],
      severity: ['low', 'medium', 'high', 'critical'],
      publicAttention: ['none', 'local', 'national', 'parliamentary'],
      causeLevel: ['implementation', 'policy', 'legislation', 'chain', 'politics'],
      source: ['complaint', 'staff', 'partner', 'ombudsman', 'inspection', 'parliamentary-question', 'media'],
      confidentiality: ['internal', 'confidential'],
    },
    lessons: {
      status: ['draft', 'validated', 'embedded', 'retired'],
      addressedRole: ['owner', 'commissioner', 'contractor', 'all'],
      sourceType: ['incident', 'best-practice'],
    },
    actions: { status: ['open', 'done', 'cancelled'], sourceType: ['lesson', 'incident'] },
    'best-practices': { status: ['proposed', 'endorsed', 'adopted', 'retired'] },
    'reflection-sessions': { status: ['planned', 'agenda-sent', 'held', 'postponed', 'cancelled'] },
    'agenda-items': {
      status: ['proposed', 'scheduled', 'carried-over', 'discussed', 'dropped'],
      kind: ['custom', 'action-review', 'theme'],
    },
    notifications: { status: ['pending', 'sent', 'failed', 'cancelled'], channel: ['email', 'webhook'] },
    'reflection-series': { kind: ['leadership', 'team', 'triangle'] },
    'quarterly-snapshots': { reason: ['manual', 'quarter-close'] },
    people: { accessRole: ['admin', 'lead', 'member'] },
    'role-assignments': { role: ['owner', 'commissioner', 'contractor'] },
    organisations: { kind: ['ministerie', 'provincie', 'gemeente'] },
    'audit-events': { action: ['create', 'update', 'delete'] },
  };

  /** Where each resource is listed, when not at its own name. */
  const paths: Record<string, string> = { 'quarterly-snapshots': 'reports/quarterly-snapshots' };
  /** Who lists it, when not a lead (organisations: the system administrator). */
  const token = (resource: string) =>
    resource === 'organisations'
      ? t.systemToken
      : resource === 'audit-events'
        ? org.admin.token
        : org.lead.token;
  const list = async (
    resource: string,
    query: string,
  ): Promise<{ items: Record<string, string>[]; total: number }> =>
    (
      await t.http
        .get(`/v1/${paths[resource] ?? resource}?pageSize=100&${query}`)
        .set(bearer(token(resource)))
        .expect(200)
    ).body;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    const chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
    ).body.id;
    const o = org.organisationId;
    // 40 incidents through every combination's neighbourhood (co-prime strides), and so on below.
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at, reported_by_id,
                              severity, public_attention, source, cause_level, confidentiality, status)
       SELECT $1, $2, 'Signaal ' || n, '', now() - n * interval '1 hour', now() - n * interval '1 hour', $3,
              (ARRAY['low','medium','high','critical'])[1 + n % 4],
              (ARRAY['none','local','national','parliamentary'])[1 + n / 2 % 4],
              (ARRAY['complaint','staff','partner','ombudsman','inspection','parliamentary-question','media'])[1 + n % 7],
              (ARRAY['implementation','policy','legislation','chain','politics'])[1 + n % 5],
              (ARRAY['internal','confidential'])[1 + n % 5 / 4],
              (ARRAY['reported','analysing','lessons-drawn','closed'])[1 + n / 4 % 4]
       FROM generate_series(1, 40) n`,
      [o, chainId, org.member.id],
    );
    const [{ id: bestPracticeId }] = await t.db.query(
      `INSERT INTO best_practices (organisation_id, chain_id, title, status, proposed_by_id)
       SELECT $1, $2, 'Praktijk ' || n, (ARRAY['proposed','endorsed','adopted','retired'])[1 + n % 4], $3
       FROM generate_series(1, 12) n RETURNING id`,
      [o, chainId, org.member.id],
    );
    await t.db.query(
      `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, status, drawn_by_id)
       SELECT $1, $2, CASE WHEN n % 3 = 0 THEN 'best-practice' ELSE 'incident' END,
              CASE WHEN n % 3 = 0 THEN $3 ELSE (SELECT id FROM incidents WHERE title = 'Signaal ' || n) END,
              'Les ' || n, (ARRAY['owner','commissioner','contractor','all'])[1 + n % 4],
              (ARRAY['draft','validated','embedded','retired'])[1 + n % 4 * (n % 3 % 2)], $4
       FROM generate_series(1, 24) n`,
      [o, chainId, bestPracticeId, org.member.id],
    );
    await t.db.query(
      `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date,
                            status, completed_at, cancelled_at, created_by_id)
       SELECT $1, $2, CASE WHEN n % 2 = 0 THEN 'lesson' ELSE 'incident' END,
              CASE WHEN n % 2 = 0 THEN (SELECT id FROM lessons WHERE title = 'Les ' || n)
                   ELSE (SELECT id FROM incidents WHERE title = 'Signaal ' || n) END,
              'Actie ' || n, $3, current_date + n, s.status,
              CASE WHEN s.status = 'done' THEN now() END, CASE WHEN s.status = 'cancelled' THEN now() END, $3
       FROM generate_series(1, 18) n, LATERAL (SELECT (ARRAY['open','done','cancelled'])[1 + n % 3] AS status) s`,
      [o, chainId, org.member.id],
    );
    // One series, a session in each status (sessions are listed per series).
    const session = await insertSession(t.db, {
      organisationId: o,
      chairId: org.lead.id,
      start: new Date(Date.now() + 7 * 86400_000).toISOString(),
    });
    await t.db.query(
      `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at, status)
       SELECT series_id, organisation_id, occurrence_start + n * interval '7 days', scheduled_at + n * interval '7 days',
              ends_at + n * interval '7 days', (ARRAY['planned','agenda-sent','held','postponed','cancelled'])[1 + n % 5]
       FROM reflection_sessions, generate_series(1, 9) n WHERE id = $1`,
      [session.sessionId],
    );
    paths['reflection-sessions'] = `reflection-series/${session.seriesId}/sessions`;
    await t.db.query(
      `INSERT INTO agenda_items (organisation_id, series_id, session_id, kind, title, timebox_minutes, position, status)
       SELECT $1, s.series_id, s.id, (ARRAY['custom','action-review','theme'])[1 + n % 3], 'Punt ' || n, 10, n,
              (ARRAY['proposed','scheduled','carried-over','discussed','dropped'])[1 + n / 3 % 5]
       FROM generate_series(0, 19) n JOIN reflection_sessions s ON s.id = $2`,
      [o, session.sessionId],
    );
    // Due far ahead: the worker leaves them alone.
    await t.db.query(
      `INSERT INTO notifications (organisation_id, recipient_id, channel, target, kind, subject_type, subject_id,
                                  due_at, dedupe_key, status)
       SELECT $1, $2, (ARRAY['email','webhook'])[1 + n % 2], 'iemand@example.nl', 'session-reminder',
              'reflection-session', $3, now() + interval '300 days' + n * interval '1 minute', 'filters:' || n,
              (ARRAY['pending','sent','failed','cancelled'])[1 + n / 2 % 4]
       FROM generate_series(0, 15) n`,
      [o, org.member.id, session.sessionId],
    );
    await t.db.query(
      `INSERT INTO reflection_series (organisation_id, title, kind, chair_id, rrule, first_start, time_zone,
                                      duration_minutes, materialised_until)
       SELECT organisation_id, title || ' ' || k, k, chair_id, rrule, first_start, time_zone, duration_minutes,
              materialised_until
       FROM reflection_series, unnest(ARRAY['team', 'triangle']) k WHERE id = $1`,
      [session.seriesId],
    );
    await t.db.query(
      `INSERT INTO report_snapshots (organisation_id, year, quarter, figures, generated_at, data_as_of, reason)
       SELECT $1, 2026, q, '{}', now(), now(), (ARRAY['manual','quarter-close'])[1 + q % 2]
       FROM generate_series(1, 3) q`,
      [o],
    );
    await t.db.query(
      `INSERT INTO role_assignments (chain_id, person_id, role, valid_from) VALUES
         ($1, $2, 'owner', '2026-01-01'), ($1, $3, 'commissioner', '2026-01-01'), ($1, $4, 'contractor', '2026-01-01')`,
      [chainId, org.admin.id, org.lead.id, org.member.id],
    );
    paths['role-assignments'] = `chains/${chainId}/role-assignments`;
    // Audited changes of each kind: a team made, renamed and deleted.
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Tijdelijk' })
      .expect(201);
    await t.http
      .patch(`/v1/teams/${team.body.id}`)
      .set(bearer(org.admin.token))
      .send({ name: 'Tijdelijk team', version: team.body.version })
      .expect(200);
    await t.http.delete(`/v1/teams/${team.body.id}`).set(bearer(org.admin.token)).expect(204);
    for (const kind of ['provincie', 'gemeente'])
      await t.http
        .post('/v1/organisations')
        .set(bearer(t.systemToken))
        .send({ name: `Organisatie ${kind}`, kind })
        .expect(201);
  });
  afterAll(() => t.close());

  for (const [resource, filters] of Object.entries(FILTERS))
    for (const [field, values] of Object.entries(filters))
      it(`${resource}: ${field} takes one value or several, any of them matching`, async () => {
        const all = (await list(resource, '')).items;
        // Every value occurs (so a filter that ignored one of them would be seen).
        expect(new Set(all.map((item) => item[field]))).toEqual(new Set(values));
        const matching = (wanted: string[]) =>
          all
            .filter((item) => wanted.includes(item[field]))
            .map((item) => item.id)
            .sort();
        const idsOf = async (query: string) => {
          const body = await list(resource, query);
          expect(body.total).toBe(body.items.length);
          return body.items.map((item) => item.id).sort();
        };
        const [first, second, third] = values;
        expect(await idsOf(`${field}=${first}`)).toEqual(matching([first]));
        expect(await idsOf(`${field}=${first},${second}`)).toEqual(matching([first, second]));
        if (third) expect(await idsOf(`${field}=${third},${first}`)).toEqual(matching([first, third]));
        // A value named twice is named once.
        expect(await idsOf(`${field}=${second},${second}`)).toEqual(matching([second]));
        // Every value: every row.
        expect(await idsOf(`${field}=${values.join(',')}`)).toEqual(matching(values));
      });

  it('refuses a list with a value that is not one, or an empty one, and names the filter', async () => {
    for (const [resource, filters] of Object.entries(FILTERS))
      for (const [field, [value]] of Object.entries(filters))
        for (const bad of [`${value},onbekend`, `${value},`, '', `,${value}`, `${value};${value}`]) {
          const response = await t.http
            .get(`/v1/${paths[resource] ?? resource}?${field}=${encodeURIComponent(bad)}`)
            .set(bearer(token(resource)))
            .expect(400);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect({ resource, bad, params: response.body.invalidParams }).toEqual({
            resource,
            bad,
            params: [{ name: field, reason: expect.stringContaining('comma-separated') }],
          });
        }
    // Repeating the parameter is refused as before: one parameter holds the list.
    await t.http.get('/v1/incidents?severity=high&severity=critical').set(bearer(org.lead.token)).expect(400);
  });

  it('takes several tags, comma-separated, any of them matching, each written as when tagging', async () => {
    for (const resource of ['incidents', 'best-practices']) {
      const table = resource === 'incidents' ? 'incidents' : 'best_practices';
      await t.db.query(
        `UPDATE ${table} SET tags = CASE WHEN title ~ '[02468]$' THEN ARRAY['digid', 'storing']
                                         WHEN title ~ '[13]$' THEN ARRAY['toeslagen'] ELSE ARRAY['brieven'] END
         WHERE organisation_id = $1`,
        [org.organisationId],
      );
      const all = (await list(resource, '')).items as unknown as { id: string; tags: string[] }[];
      const carrying = (wanted: string[]) =>
        all
          .filter((item) => item.tags.some((tag) => wanted.includes(tag)))
          .map((item) => item.id)
          .sort();
      const idsOf = async (query: string) =>
        (await list(resource, query)).items.map((item) => item.id).sort();
      expect(carrying(['toeslagen']).length).toBeGreaterThan(0);
      expect(await idsOf('tag=toeslagen')).toEqual(carrying(['toeslagen']));
      expect(await idsOf('tag=toeslagen,brieven')).toEqual(carrying(['toeslagen', 'brieven']));
      expect(await idsOf(`tag=${encodeURIComponent(' DigiD ,Brieven')}`)).toEqual(
        carrying(['digid', 'brieven']),
      );
      expect(await idsOf('tag=digid,storing')).toEqual(carrying(['digid']));
      expect(await idsOf('tag=onbekend,toeslagen')).toEqual(carrying(['toeslagen']));
      for (const bad of [
        'toeslagen,',
        'toeslagen,ICT / Data',
        Array.from({ length: 21 }, (_, n) => `t${n}`).join(','),
      ])
        await t.http
          .get(`/v1/${resource}?tag=${encodeURIComponent(bad)}`)
          .set(bearer(org.lead.token))
          .expect(400);
    }
  });

  it('names the values it refuses', async () => {
    for (const [query, named] of [
      ['severity=HIGH', '"HIGH"'],
      ['severity=high,%20critical', '" critical"'],
      ['severity=high,', 'an empty value'],
      ['status=open,klaar', '"klaar"'],
    ]) {
      const resource = query.startsWith('status') ? 'actions' : 'incidents';
      const response = await t.http.get(`/v1/${resource}?${query}`).set(bearer(org.lead.token)).expect(400);
      expect({ query, reason: response.body.invalidParams[0].reason }).toEqual({
        query,
        reason: expect.stringContaining(named),
      });
    }
  });

  it('pages a ranked sort over several values in rank order, for a lead, a member and with a search text', async () => {
    const ranks = FILTERS.incidents.severity;
    const wanted = ['critical', 'low', 'high'];
    const all = (await list('incidents', '')).items;
    for (const direction of [1, -1]) {
      const sort = `${direction < 0 ? '-' : ''}severity`;
      const expected = all
        .filter((item) => wanted.includes(item.severity))
        .sort(
          (a, b) =>
            direction * (ranks.indexOf(a.severity) - ranks.indexOf(b.severity)) ||
            b.reportedAt.localeCompare(a.reportedAt) ||
            (a.id < b.id ? -1 : 1),
        )
        .map((item) => item.id);
      for (const [who, extra] of [
        [org.lead.token, ''],
        [org.member.token, ''],
        [org.lead.token, '&q=signaal'],
      ]) {
        const got: string[] = [];
        for (let n = 1; n <= 5; n++) {
          const body = (
            await t.http
              .get(`/v1/incidents?severity=${wanted.join(',')}&sort=${sort}${extra}&pageSize=7&page=${n}`)
              .set(bearer(who))
              .expect(200)
          ).body;
          expect(body.total).toBe(expected.length);
          got.push(...body.items.map((item: { id: string }) => item.id));
        }
        expect({ sort, extra, got }).toEqual({ sort, extra, got: expected });
      }
    }
  });

  it('sends one value as an equality, as before lists were taken, and several as a list', async () => {
    const sent: SentQuery[] = [];
    recordSentQueries(sent);
    try {
      await list('incidents', 'severity=high&status=analysing');
      await list('incidents', 'severity=high,critical');
    } finally {
      jest.restoreAllMocks();
    }
    const [one, several] = sent.filter((q) => q.sql.includes('"i"."severity"')).map((q) => q.sql);
    expect(one).toMatch(/"i"\."severity" = \$\d+/);
    expect(one).toMatch(/"i"\."status" = \$\d+/);
    expect(one).not.toMatch(/ IN \(/);
    expect(several).toMatch(/"i"\."severity" IN \(\$\d+, \$\d+\)/);
  });

  it('keeps a ranked sort on a filtered field in rank order, within the values asked for', async () => {
    const ranks = FILTERS.incidents.severity;
    for (const [sort, direction] of [
      ['severity', 1],
      ['-severity', -1],
    ] as const) {
      const body = await list('incidents', `severity=critical,low,high&sort=${sort}`);
      const got = body.items.map((item) => item.severity);
      expect(new Set(got)).toEqual(new Set(['critical', 'low', 'high']));
      expect(got).toEqual([...got].sort((a, b) => direction * (ranks.indexOf(a) - ranks.indexOf(b))));
    }
  });

  it('documents the filters as comma-separated lists of the enumeration', async () => {
    const document = (await t.http.get('/v1/openapi.json').expect(200)).body;
    const parameter = document.paths['/incidents'].get.parameters.find(
      (p: { name: string }) => p.name === 'severity',
    );
    expect(parameter).toMatchObject({
      in: 'query',
      style: 'form',
      explode: false,
      schema: { type: 'array', items: { enum: ['low', 'medium', 'high', 'critical'] } },
    });
  });
});
