import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { ReportDataSet, seedReportDataSet } from './support/report-data-set';
import { startTestApp, TestApp } from './support/test-app';

const Q1_2027 = '/v1/reports/quarterly?year=2027&quarter=1';

function expectProblem(response: { status: number; headers: Record<string, string> }, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

describe('quarterly report', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let data: ReportDataSet;
  let englishLead: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2027-05-01T12:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken, 'Ministerie van Onderwijs & <Wetenschap>');
    other = await createOrganisation(t.http, t.systemToken);
    englishLead = await createPerson(t.http, org.admin.token, {
      name: 'Eve English',
      accessRole: 'lead',
      locale: 'en',
    });
    data = await seedReportDataSet(t.db, org, other);
  });
  afterAll(() => t.close());

  it('computes every figure of the quarter and of the quarter before, as counted by hand', async () => {
    const { studiefinanciering, toeslagen, zorg } = data.chains;
    const response = await t.http.get(Q1_2027).set(bearer(org.lead.token)).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      organisationId: org.organisationId,
      organisationName: 'Ministerie van Onderwijs & <Wetenschap>',
      chainId: null,
      chainName: null,
      timeZone: 'Europe/Amsterdam',
      generatedAt: '2027-05-01T10:00:00.000Z',
      dataAsOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      year: 2027,
      quarter: 1,
      startsAt: '2027-01-01T00:00:00+01:00',
      endsAt: '2027-04-01T00:00:00+02:00',
      lastDay: '2027-03-31',
      incidents: {
        total: 5,
        bySeverity: { low: 1, medium: 1, high: 2, critical: 1 },
        byPublicAttention: { none: 1, local: 1, national: 2, parliamentary: 1 },
        byCauseLevel: { implementation: 2, policy: 1, legislation: 1, chain: 0, politics: 0, unknown: 1 },
        bySource: {
          complaint: 1,
          staff: 1,
          partner: 0,
          ombudsman: 0,
          inspection: 1,
          'parliamentary-question': 1,
          media: 1,
          other: 0,
        },
        // The data set records no status change, so each incident's status at the quarter's end is the
        // one it was written with, but closed only from its closedAt: i1 closed, i2 (closed in April)
        // and i5 lessons drawn, i3 analysing, i4 reported.
        byStatusAtQuarterEnd: { reported: 1, analysing: 1, 'lessons-drawn': 2, closed: 1 },
        closed: 2, // i1, and i7 of the previous quarter
        recurrences: 2,
      },
      learning: {
        incidentsWithLesson: 4,
        incidentsWithValidatedLesson: 3,
        incidentsWithEmbeddedLesson: 2,
        learningRate: 0.8,
        // 10, 30 and 40 days: median 30, p90 = 30 + 0.8 × 10
        medianDaysToValidatedLesson: 30,
        p90DaysToValidatedLesson: 38,
        // Under pressure: i1 and i5 (national) both led to a validated lesson, i3 (parliamentary)
        // to none; i4 (local) to a validated one, i2 (none) to a draft.
        incidentsWithLessonByPublicAttention: { none: 1, local: 1, national: 2, parliamentary: 0 },
        incidentsWithValidatedLessonByPublicAttention: { none: 0, local: 1, national: 2, parliamentary: 0 },
      },
      lessons: {
        drawn: 5,
        validated: 4,
        embedded: 2,
        byAddressedRole: { owner: 2, commissioner: 1, contractor: 1, all: 1 },
        byResponse: { adopted: 2, partially: 1, 'not-adopted': 1, unknown: 0 },
        rechecksDue: 1,
        rechecksDone: 1,
      },
      bestPractices: { proposed: 1, endorsed: 1, adopted: 1, adoptions: 2 },
      actions: {
        created: 7,
        done: 3,
        doneOnTime: 1,
        overdueAtQuarterEnd: 4,
        byAddressedRole: { owner: 2, commissioner: 1, contractor: 1, all: 2, unknown: 1 },
      },
      reflection: {
        planned: 5,
        held: 2,
        postponed: 1,
        cancelled: 1,
        protectedTimeRatio: 0.4,
        agendaMinutes: 110,
        learningMinutes: 60,
        themeMinutes: 30,
        learningShareOfAgendaTime: 0.5455,
        // Themes only: r1's 30 minutes of 110 (r4's theme was cancelled, r3's item is a best practice).
        themeShareOfAgendaTime: 0.2727,
        escalations: 2,
      },
      triangles: [
        {
          chainId: studiefinanciering,
          name: 'Studiefinanciering',
          healthy: false,
          vacantRoles: ['commissioner'],
          mixedRoles: [],
        },
        {
          chainId: toeslagen,
          name: 'Toeslagen',
          healthy: false,
          vacantRoles: ['contractor'],
          mixedRoles: [{ personId: org.lead.id, roles: ['owner', 'commissioner'] }],
        },
        {
          chainId: zorg,
          name: 'Zorg <verzekering> & "co"',
          healthy: false,
          vacantRoles: ['owner', 'commissioner', 'contractor'],
          mixedRoles: [],
        },
      ],
      previous: {
        year: 2026,
        quarter: 4,
        startsAt: '2026-10-01T00:00:00+02:00',
        endsAt: '2027-01-01T00:00:00+01:00',
        lastDay: '2026-12-31',
        incidents: {
          total: 2,
          bySeverity: { low: 1, medium: 1, high: 0, critical: 0 },
          byPublicAttention: { none: 1, local: 1, national: 0, parliamentary: 0 },
          byCauseLevel: { implementation: 0, policy: 0, legislation: 0, chain: 1, politics: 1, unknown: 0 },
          bySource: {
            complaint: 1,
            staff: 0,
            partner: 1,
            ombudsman: 0,
            inspection: 0,
            'parliamentary-question': 0,
            media: 0,
            other: 0,
          },
          // i6 closed on New Year's Eve; i7, closed in January, had its lessons drawn then.
          byStatusAtQuarterEnd: { reported: 0, analysing: 0, 'lessons-drawn': 1, closed: 1 },
          closed: 1,
          recurrences: 0,
        },
        learning: {
          incidentsWithLesson: 1,
          incidentsWithValidatedLesson: 1,
          incidentsWithEmbeddedLesson: 0,
          learningRate: 0.5,
          medianDaysToValidatedLesson: 2,
          p90DaysToValidatedLesson: 2,
          // i6 (none) has a validated lesson, i7 (local) none.
          incidentsWithLessonByPublicAttention: { none: 1, local: 0, national: 0, parliamentary: 0 },
          incidentsWithValidatedLessonByPublicAttention: { none: 1, local: 0, national: 0, parliamentary: 0 },
        },
        lessons: {
          drawn: 2,
          validated: 1,
          embedded: 0,
          byAddressedRole: { owner: 1, commissioner: 0, contractor: 1, all: 0 },
          byResponse: { adopted: 0, partially: 0, 'not-adopted': 0, unknown: 1 },
          rechecksDue: 1,
          rechecksDone: 0,
        },
        bestPractices: { proposed: 2, endorsed: 1, adopted: 0, adoptions: 1 },
        actions: {
          created: 3,
          done: 1,
          doneOnTime: 1,
          overdueAtQuarterEnd: 2,
          byAddressedRole: { owner: 1, commissioner: 0, contractor: 1, all: 0, unknown: 1 },
        },
        reflection: {
          planned: 3,
          held: 2,
          postponed: 0,
          cancelled: 1,
          protectedTimeRatio: 0.6667,
          agendaMinutes: 60,
          learningMinutes: 40,
          themeMinutes: 40,
          learningShareOfAgendaTime: 0.6667,
          themeShareOfAgendaTime: 0.6667,
          escalations: 1,
        },
        triangles: [
          {
            chainId: studiefinanciering,
            name: 'Studiefinanciering',
            healthy: true,
            vacantRoles: [],
            mixedRoles: [],
          },
          {
            chainId: toeslagen,
            name: 'Toeslagen',
            healthy: false,
            vacantRoles: ['commissioner', 'contractor'],
            mixedRoles: [],
          },
        ],
      },
    });
  });

  it('narrows every section to one chain', async () => {
    const { studiefinanciering } = data.chains;
    const response = await t.http
      .get(`${Q1_2027}&chainId=${studiefinanciering}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(response.body).toMatchObject({
      chainId: studiefinanciering,
      chainName: 'Studiefinanciering',
      incidents: {
        total: 3,
        bySeverity: { low: 1, medium: 0, high: 2, critical: 0 },
        byPublicAttention: { none: 1, local: 0, national: 2, parliamentary: 0 },
        byCauseLevel: { implementation: 1, policy: 1, legislation: 0, chain: 0, politics: 0, unknown: 1 },
        byStatusAtQuarterEnd: { reported: 0, analysing: 0, 'lessons-drawn': 2, closed: 1 },
        closed: 1,
        recurrences: 0,
      },
      learning: {
        incidentsWithLesson: 3,
        incidentsWithValidatedLesson: 2,
        incidentsWithEmbeddedLesson: 2,
        learningRate: 1,
        medianDaysToValidatedLesson: 25,
        p90DaysToValidatedLesson: 37,
      },
      lessons: {
        drawn: 4,
        validated: 3,
        embedded: 1,
        byAddressedRole: { owner: 2, commissioner: 1, contractor: 1, all: 0 },
        byResponse: { adopted: 2, partially: 0, 'not-adopted': 1, unknown: 0 },
        rechecksDue: 1,
        rechecksDone: 1,
      },
      bestPractices: { proposed: 0, endorsed: 1, adopted: 1, adoptions: 2 },
      actions: {
        created: 3,
        done: 2,
        doneOnTime: 1,
        overdueAtQuarterEnd: 2,
        byAddressedRole: { owner: 2, commissioner: 0, contractor: 1, all: 0, unknown: 0 },
      },
      reflection: {
        planned: 3,
        held: 2,
        postponed: 1,
        cancelled: 0,
        protectedTimeRatio: 0.6667,
        agendaMinutes: 110,
        learningMinutes: 60,
        learningShareOfAgendaTime: 0.5455,
        themeShareOfAgendaTime: 0.2727,
        escalations: 1,
      },
      triangles: [{ chainId: studiefinanciering, vacantRoles: ['commissioner'], mixedRoles: [] }],
      previous: { incidents: { total: 1 }, triangles: [{ chainId: studiefinanciering, healthy: true }] },
    });
    expect(response.body.triangles).toHaveLength(1);
  });

  it('puts an incident in the quarter of its Dutch local time, also across the spring clock change', async () => {
    const response = await t.http
      .get('/v1/reports/quarterly?year=2026&quarter=2')
      .set(bearer(org.lead.token))
      .expect(200);
    // 2026-04-01T00:10+02:00 is Q2; 2026-03-31T23:30+02:00 (21:30Z) is still Q1.
    expect(response.body.incidents.total).toBe(1);
    expect(response.body.previous.incidents.total).toBe(1);
    expect([response.body.startsAt, response.body.previous.startsAt]).toEqual([
      '2026-04-01T00:00:00+02:00',
      '2026-01-01T00:00:00+01:00',
    ]);
  });

  it('gives CSV for Dutch Excel: BOM, semicolons, decimal comma, one figure per row', async () => {
    const response = await t.http
      .get(Q1_2027)
      .set(bearer(org.lead.token))
      .set('Accept', 'text/csv; charset=utf-8')
      .expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="quarterly-report-2027-q1.csv"',
    );
    expect(response.headers.vary).toMatch(/Accept/);
    const body = response.text;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('section;figure;dimension;value');
    expect(lines).toEqual(
      expect.arrayContaining([
        'report;organisationName;;Ministerie van Onderwijs & <Wetenschap>',
        'report;startsAt;;2027-01-01T00:00:00+01:00',
        'incidents;total;;5',
        'incidents;bySeverity;high;2',
        'incidents;bySource;parliamentary-question;1',
        'incidents;byCauseLevel;unknown;1',
        'incidents;byStatusAtQuarterEnd;closed;1',
        'incidents;byStatusAtQuarterEnd;lessons-drawn;2',
        'learning;learningRate;;0,8',
        'learning;p90DaysToValidatedLesson;;38',
        'lessons;byResponse;not-adopted;1',
        'actions;byAddressedRole;unknown;1',
        'reflection;learningShareOfAgendaTime;;0,5455',
        'reflection;themeShareOfAgendaTime;;0,2727',
        'previous.reflection;themeShareOfAgendaTime;;0,6667',
        'triangles;vacantRoles;Toeslagen;contractor',
        'triangles;mixedRoles;Toeslagen;1',
        'triangles;vacantRoles;"Zorg <verzekering> & ""co""";owner commissioner contractor',
        'previous.report;quarter;;4',
        'previous.incidents;total;;2',
        'previous.reflection;protectedTimeRatio;;0,6667',
      ]),
    );
    for (const line of lines.filter((l) => !l.includes('"'))) expect(line.split(';')).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('incidents;bySeverity;'))).toHaveLength(4);
    // A null figure is an empty value, never "null".
    expect(lines).toContain('report;chainId;;');
    expect(body).not.toMatch(/null|undefined|NaN/);

    const viaQuery = await t.http.get(`${Q1_2027}&format=csv`).set(bearer(org.lead.token)).expect(200);
    expect(viaQuery.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('gives a printable HTML page with SVG charts, escaped text and no scripts, in the reader’s language', async () => {
    const dutch = await t.http
      .get(Q1_2027)
      .set(bearer(org.lead.token))
      .set('Accept', 'text/html')
      .expect(200);
    expect(dutch.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = dutch.text;
    expect(html).toMatch(/^<!doctype html>\n<html lang="nl">/);
    expect(html).toContain('Kwartaalrapportage Q1 2027');
    expect((html.match(/<svg /g) ?? []).length).toBe(4);
    expect(html).not.toMatch(/<script|javascript:|\son[a-z]+\s*=/i);
    expect(html).toContain('Ministerie van Onderwijs &amp; &lt;Wetenschap&gt;');
    expect(html).toContain('Zorg &lt;verzekering&gt; &amp; &quot;co&quot;');
    expect(html).not.toContain('<verzekering>');
    expect(html).not.toContain('<Wetenschap>');
    // Learning under pressure: the national incidents, two of which led to a lesson.
    expect(html).toMatch(/>[^<]+ \(2 met les\)</);
    expect(html).toContain('40%'); // protected time this quarter
    expect(html).toContain('66,7%'); // and the previous one, with a Dutch decimal comma
    expect(html).toMatch(
      /Aandeel langetermijnthema’s in agendatijd<\/td><td class="n">27,3%<\/td><td class="n">66,7%</,
    );
    // 60 of 110 minutes, 0.5455 in the JSON: rounded once from the minutes.
    expect(html).toMatch(/Aandeel leren in agendatijd<\/td><td class="n">54,5%<\/td><td class="n">66,7%</);

    const english = await t.http.get(`${Q1_2027}&format=html`).set(bearer(englishLead.token)).expect(200);
    expect(english.text).toMatch(/<html lang="en">/);
    expect(english.text).toContain('Quarterly report Q1 2027');
    expect(english.text).toContain('66.7%');
    expect(english.text).toMatch(/>[^<]+ \(2 with a lesson\)</);
    expect(english.text).toContain('Share of agenda time on long-term themes</td><td class="n">27.3%</td>');
  });

  it('counts confidential incidents but never shows incident text in any format', async () => {
    for (const format of ['json', 'csv', 'html']) {
      const response = await t.http
        .get(`${Q1_2027}&format=${format}`)
        .set(bearer(org.lead.token))
        .expect(200);
      const text = format === 'json' ? JSON.stringify(response.body) : response.text;
      for (const title of data.secretTitles) expect(text).not.toContain(title);
      expect(text).not.toMatch(/GEHEIM|Beschrijving/);
    }
  });

  it('is for leads and admins of the own organisation only', async () => {
    expectProblem(await t.http.get(Q1_2027).set(bearer(org.member.token)), 403);
    await t.http.get(Q1_2027).set(bearer(org.admin.token)).expect(200);
    expectProblem(await t.http.get(Q1_2027), 401);
    expectProblem(
      await t.http.get(`${Q1_2027}&organisationId=${org.organisationId}`).set(bearer(other.lead.token)),
      404,
    );
    expectProblem(
      await t.http.get(`${Q1_2027}&chainId=${data.chains.other}`).set(bearer(org.lead.token)),
      404,
    );
    // The system administrator manages organisations: their reports (which count confidential
    // incidents) are their leads'.
    expectProblem(
      await t.http.get(`${Q1_2027}&organisationId=${org.organisationId}`).set(bearer(t.systemToken)),
      403,
    );
    // The other organisation sees only its own incident.
    const theirs = await t.http.get(Q1_2027).set(bearer(other.lead.token)).expect(200);
    expect(theirs.body.incidents.total).toBe(1);
    expect(theirs.body.reflection).toMatchObject({ planned: 1, held: 1, escalations: 1 });
  });

  it('refuses bad input with a problem naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/v1/reports/quarterly?year=2027&quarter=5', 'quarter'],
      ['/v1/reports/quarterly?year=2027&quarter=0', 'quarter'],
      ['/v1/reports/quarterly?year=twenty&quarter=1', 'year'],
      ['/v1/reports/quarterly?year=1999&quarter=1', 'year'],
      ['/v1/reports/quarterly?quarter=1', 'year'],
      ['/v1/reports/quarterly?year=2027&quarter=1.5', 'quarter'],
      // Only plain decimal digits: Number() would read each of these as a valid year or quarter.
      ['/v1/reports/quarterly?year=0x7EA&quarter=1', 'year'],
      ['/v1/reports/quarterly?year=0b11111101010&quarter=2', 'year'],
      ['/v1/reports/quarterly?year=2027&quarter=1e0', 'quarter'],
      ['/v1/reports/quarterly?year=2027&quarter=%201', 'quarter'],
      ['/v1/reports/quarterly?year=2027&quarter=2.0', 'quarter'],
      ['/v1/reports/quarterly?year=+2026&quarter=1', 'year'],
      ['/v1/reports/quarterly?year=%2B2026&quarter=1', 'year'],
      ['/v1/reports/quarterly?year=2026&quarter=01', 'quarter'],
      ['/v1/reports/quarterly?year=02026&quarter=1', 'year'],
      ['/v1/reports/quarterly?year=2026&quarter=1&quarter=2', 'quarter'],
      [`${Q1_2027}&chainId=not-a-uuid`, 'chainId'],
      [`${Q1_2027}&organisationId=42`, 'organisationId'],
      [`${Q1_2027}&format=xml`, 'format'],
      [`${Q1_2027}&colour=red`, 'colour'],
    ];
    for (const [url, name] of cases) {
      const response = await t.http.get(url).set(bearer(org.lead.token));
      expectProblem(response, 400);
      expect([url, (response.body.invalidParams ?? []).map((p: { name: string }) => p.name)]).toEqual([
        url,
        expect.arrayContaining([name]),
      ]);
    }
    const fraction = await t.http
      .get('/v1/reports/quarterly?year=2027&quarter=1.5')
      .set(bearer(org.lead.token));
    expect(fraction.body.invalidParams).toEqual([
      { name: 'quarter', reason: 'must be written as one decimal digit, 1 to 4' },
    ]);
    const unacceptable = await t.http
      .get(Q1_2027)
      .set(bearer(org.lead.token))
      .set('Accept', 'application/xml');
    expectProblem(unacceptable, 406);
  });

  it('answers 304 while the figures are the same, whenever they are computed, per representation', async () => {
    const Q2_2027 = '/v1/reports/quarterly?year=2027&quarter=2';
    const get = (format: string, token = org.lead.token, etag?: string) => {
      const request = t.http.get(`${Q2_2027}&format=${format}`).set(bearer(token));
      return etag ? request.set('If-None-Match', etag) : request;
    };
    try {
      const first = await get('json').expect(200);
      const tag = first.headers.etag;
      expect(tag).toMatch(/^W\/"[\w-]+"$/);
      // A minute later the report is computed again (another generatedAt): the same figures.
      t.clock.set('2027-05-01T12:01:00+02:00');
      const again = await get('json', org.lead.token, tag).expect(304);
      expect(again.headers.etag).toBe(tag);
      // Each representation, and HTML in each language, has its own tag.
      const tags = [
        tag,
        (await get('csv').expect(200)).headers.etag,
        (await get('html').expect(200)).headers.etag,
        (await get('html', englishLead.token).expect(200)).headers.etag,
      ];
      expect(new Set(tags).size).toBe(4);
      await get('html', englishLead.token, tags[3]).expect(304);
      await get('html', org.lead.token, tags[3]).expect(200);
      // A figure changes: a new incident this quarter.
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send(incidentBody(data.chains.zorg))
        .expect(201);
      const changed = await get('json', org.lead.token, tag).expect(200);
      expect(changed.headers.etag).not.toBe(tag);
    } finally {
      t.clock.set('2027-05-01T12:00:00+02:00');
    }
  });

  it('answers in JSON when the client accepts anything', async () => {
    const response = await t.http.get(Q1_2027).set(bearer(org.lead.token)).set('Accept', '*/*').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.incidents.total).toBe(5);
  });

  it('lists the chains as Dutch readers sort them, as the chain list does', async () => {
    const dutch = await createOrganisation(t.http, t.systemToken);
    for (const name of ['Zorgketen', 'Éénloket', 'de Arbeidsmarkt'])
      await t.http.post('/v1/chains').set(bearer(dutch.admin.token)).send({ name }).expect(201);
    const listed = await t.http.get('/v1/chains').set(bearer(dutch.lead.token)).expect(200);
    const report = await t.http.get(Q1_2027).set(bearer(dutch.lead.token)).expect(200);
    const names = (items: { name: string }[]) => items.map((c) => c.name);
    expect(names(report.body.triangles)).toEqual(['de Arbeidsmarkt', 'Éénloket', 'Zorgketen']);
    expect(names(report.body.triangles)).toEqual(names(listed.body.items));
  });

  it('leaves the rollups it reads equal to a recomputation from the base tables', async () => {
    expect(await t.db.query('SELECT * FROM leerlus_check_report_rollups()')).toEqual([]);
  });
});
