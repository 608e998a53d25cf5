import { Controller, Get } from '@nestjs/common';
import { Client } from 'pg';
import { insertSession } from './support/delivery-fixtures';
import { FAR_AHEAD_DUE_DATE } from './support/far-ahead-due-date';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { waitForLockWaiters } from './support/lock-waiters';
import { createChainWithTriangle } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

@Controller('test-failure')
class FailingController {
  @Get()
  fail(): never {
    throw new Error('secret internal detail: connection string postgres://user:pw@db');
  }
}

function expectProblem(
  response: { status: number; headers: Record<string, string>; body: any },
  status: number,
) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['api-version']).toBe('1.0.0');
  // A validator of an error means nothing, and the document lists ETag on none.
  expect(response.headers.etag).toBeUndefined();
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.any(String),
    }),
  );
}

describe('HTTP conventions', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp({ controllers: [FailingController] });
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  it('sends API-Version and a request id on every response', async () => {
    const response = await t.http.get('/v1/health').set('X-Request-Id', 'trace-123');
    expect(response.headers['api-version']).toBe('1.0.0');
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('keeps a request id only from a proxy it trusts: it goes into the audit log', async () => {
    const direct = await startTestApp({ env: { TRUST_PROXY: 'false' } });
    try {
      const response = await direct.http.get('/v1/health').set('X-Request-Id', 'forged-id');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await direct.close();
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await t.http.get('/v1/does-not-exist').set(bearer(org.admin.token)), 404);
  });

  it('serves the Swagger UI with a policy that lets it load over plain http', async () => {
    const docs = await t.http.get('/v1/docs/').expect(200);
    const policy = docs.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('has one URL per resource: a trailing slash or other letter case is not found', async () => {
    await t.http.get('/v1/teams').set(bearer(org.admin.token)).expect(200);
    expectProblem(await t.http.get('/v1/teams/').set(bearer(org.admin.token)), 404);
    expectProblem(await t.http.get('/v1/Teams').set(bearer(org.admin.token)), 404);
    expectProblem(await t.http.get(`/v1/people/${org.member.id}/`).set(bearer(org.admin.token)), 404);
  });

  it('takes the Bearer scheme in any case', async () => {
    await t.http.get('/v1/teams').set('Authorization', `bearer ${org.admin.token}`).expect(200);
    await t.http.get('/v1/teams').set('Authorization', `BEARER ${org.admin.token}`).expect(200);
  });

  it('says where a created resource is (Location), when it can be read there', async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Team Locatie' })
      .expect(201);
    expect(team.headers.location).toBe(`/v1/teams/${team.body.id}`);
    await t.http.get(team.headers.location).set(bearer(org.admin.token)).expect(200);
    const token = await t.http
      .post(`/v1/people/${org.member.id}/tokens`)
      .set(bearer(org.admin.token))
      .send({ name: 'locatie' })
      .expect(201);
    // A token cannot be read by its own path (only deleted): no Location to a 405. Nor cached.
    expect(token.headers.location).toBeUndefined();
    expect(token.headers['cache-control']).toBe('no-store');
    await t.http
      .delete(`/v1/people/${org.member.id}/tokens/${token.body.id}`)
      .set(bearer(org.admin.token))
      .expect(204);
    // A PATCH answers 200 and names nothing.
    const renamed = await t.http
      .patch(`/v1/teams/${team.body.id}`)
      .set(bearer(org.admin.token))
      .send({ name: 'Team Plaats', version: team.body.version })
      .expect(200);
    expect(renamed.headers.location).toBeUndefined();
    await t.http.delete(team.headers.location).set(bearer(org.admin.token)).expect(204);
  });

  it('answers a method a resource does not have with 405 and the methods it has', async () => {
    const put = await t.http
      .put(`/v1/people/${org.member.id}`)
      .set(bearer(org.admin.token))
      .send({ name: 'Vervangen' });
    expectProblem(put, 405);
    expect(put.headers.allow).toBe('GET, DELETE, PATCH, HEAD, OPTIONS');
    const [row] = await t.db.query(`SELECT name FROM people WHERE id = $1`, [org.member.id]);
    expect(row.name).toBe('Mo Medewerker');

    // Without a token too: what a resource allows is in the public OpenAPI document.
    const deleteAll = await t.http.delete('/v1/incidents');
    expectProblem(deleteAll, 405);
    expect(deleteAll.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
    expect((await t.http.post('/v1/health')).headers.allow).toBe('GET, HEAD, OPTIONS');

    const options = await t.http.options('/v1/incidents').expect(204);
    expect(options.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
    // HEAD of what can be read, and an unknown path is still not found.
    await t.http.head(`/v1/people/${org.member.id}`).set(bearer(org.admin.token)).expect(200);
    expectProblem(await t.http.put('/v1/incidents/x/y/z').set(bearer(org.admin.token)), 404);
  });

  it('answers a method other than GET on the OpenAPI document with 405 and Allow too', async () => {
    for (const refused of [t.http.post('/v1/openapi.json').send({}), t.http.delete('/v1/openapi.json')]) {
      const response = await refused;
      expectProblem(response, 405);
      expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
    }
    expect((await t.http.options('/v1/openapi.json').expect(204)).headers.allow).toBe('GET, HEAD, OPTIONS');
    await t.http.head('/v1/openapi.json').expect(200);
  });

  it('answers 406 to an Accept header that allows nothing the resource has, and nothing is written', async () => {
    for (const accept of ['application/xml', 'text/html, text/plain;q=0.5', 'application/problem+json']) {
      const refused = await t.http.get('/v1/teams').set(bearer(org.admin.token)).set('Accept', accept);
      expectProblem(refused, 406);
      expect(refused.body.detail).toBe('This resource is available as application/json only.');
    }
    const before = await t.db.query(`SELECT count(*)::int AS n FROM teams`);
    const create = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .set('Accept', 'application/xml')
      .send({ name: 'Niet aangemaakt' });
    expectProblem(create, 406);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM teams`)).toEqual(before);
    for (const accept of [
      'application/json',
      'application/json;charset=UTF-8',
      '*/*',
      'application/*',
      'text/html;q=0.9, application/json;q=0.1',
    ])
      await t.http.get('/v1/teams').set(bearer(org.admin.token)).set('Accept', accept).expect(200);
    await t.http.get('/v1/teams').set(bearer(org.admin.token)).unset('Accept').expect(200);
    // A body-less answer has nothing to negotiate.
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Weg' })
      .expect(201);
    await t.http
      .delete(`/v1/teams/${team.body.id}`)
      .set(bearer(org.admin.token))
      .set('Accept', 'application/xml')
      .expect(204);
    // The calendar feed is iCalendar: a client that takes only JSON is told so.
    const me = await t.http.get(`/v1/people/${org.admin.id}`).set(bearer(org.admin.token)).expect(200);
    const feed = new URL(me.body.calendarFeedUrl).pathname;
    expectProblem(await t.http.get(feed).set('Accept', 'application/json'), 406);
    const calendar = await t.http.get(feed).set('Accept', 'text/calendar').expect(200);
    expect(calendar.headers['content-type']).toMatch(/^text\/calendar/);
  });

  it('answers If-None-Match with 304 also beside Cache-Control: no-cache, as browsers and fetch send it', async () => {
    const me = await t.http.get(`/v1/people/${org.admin.id}`).set(bearer(org.admin.token)).expect(200);
    const feed = new URL(me.body.calendarFeedUrl).pathname;
    const reads: [string, string | undefined, string | undefined][] = [
      ['/v1/teams', org.admin.token, undefined],
      [`/v1/people/${org.admin.id}`, org.admin.token, undefined],
      ['/v1/reports/quarterly?year=2026&quarter=1', org.lead.token, 'text/csv'],
      [feed, undefined, undefined],
    ];
    for (const [path, token, accept] of reads) {
      const read = () => {
        const req = t.http.get(path);
        if (token) req.set(bearer(token));
        if (accept) req.set('Accept', accept);
        return req;
      };
      const first = await read().expect(200);
      expect([path, first.headers.etag]).toEqual([path, expect.any(String)]);
      // RFC 9110 §13.1.2: the origin evaluates If-None-Match; no-cache is a directive to caches.
      const unchanged = await read()
        .set('If-None-Match', first.headers.etag)
        .set('Cache-Control', 'no-cache');
      expect([path, unchanged.status]).toEqual([path, 304]);
      const other = await read().set('If-None-Match', 'W/"other"').set('Cache-Control', 'no-cache');
      expect([path, other.status]).toEqual([path, 200]);
    }
    const etag = (await t.http.get('/v1/teams').set(bearer(org.admin.token))).headers.etag;
    await t.http
      .head('/v1/teams')
      .set(bearer(org.admin.token))
      .set('If-None-Match', etag)
      .set('Cache-Control', 'max-age=0, no-cache')
      .expect(304);
  });

  it('sends a problem without an ETag, whatever its status', async () => {
    expectProblem(await t.http.get('/v1/teams'), 401);
    expectProblem(await t.http.post('/v1/teams').set(bearer(org.member.token)).send({ name: 'Nee' }), 403);
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Zonder ETag' })
      .expect(201);
    const stale = await t.http
      .patch(`/v1/teams/${team.body.id}`)
      .set(bearer(org.admin.token))
      .send({ name: 'Oud', version: team.body.version + 1 });
    expectProblem(stale, 409);
    // A HEAD that is refused says how long the problem is, and sends none of it.
    const head = await t.http.head(`/v1/teams/${team.body.id}?fields=name`).set(bearer(org.admin.token));
    expect([head.status, head.headers.etag, head.text]).toEqual([400, undefined, undefined]);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    await t.http.delete(`/v1/teams/${team.body.id}`).set(bearer(org.admin.token)).expect(204);
  });

  describe('If-Match: a write goes on only while the resource is as the caller read it', () => {
    let incidentId: string;
    let lessonId: string;
    let sessionId: string;

    beforeAll(async () => {
      const chainId = await createChainWithTriangle(t.http, org.admin.token, {
        owner: org.admin.id,
        commissioner: org.lead.id,
        contractor: org.member.id,
      });
      incidentId = (
        await t.http
          .post('/v1/incidents')
          .set(bearer(org.member.token))
          .send(incidentBody(chainId))
          .expect(201)
      ).body.id;
      lessonId = (
        await t.http
          .post('/v1/lessons')
          .set(bearer(org.member.token))
          .send(incidentLessonBody(incidentId))
          .expect(201)
      ).body.id;
      ({ sessionId } = await insertSession(t.db, {
        organisationId: org.organisationId,
        chairId: org.lead.id,
        start: new Date(t.clock.now().getTime() + 30 * 86400_000).toISOString(),
      }));
    });

    /** Its version and its audit events: what a refused write must leave as it was. */
    const written = async (table: string, id: string) =>
      (
        await t.db.query(
          `SELECT (SELECT version FROM ${table} WHERE id = $1) AS version,
                  (SELECT count(*) FROM audit_events WHERE entity_id = $1)::int AS audit`,
          [id],
        )
      )[0];
    const read = async (path: string) => {
      const response = await t.http.get(path).set(bearer(org.lead.token)).expect(200);
      return { etag: response.headers.etag as string, version: response.body.version as number };
    };
    const patch = (path: string, ifMatch: string | undefined, body: object) => {
      const req = t.http.patch(path).set(bearer(org.lead.token));
      return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
    };

    it.each([
      ['incident', 'incidents', () => incidentId, { title: 'Toeslag te laat uitbetaald' }],
      ['lesson', 'lessons', () => lessonId, { title: 'Test de hele betaalketen' }],
      ['session', 'reflection_sessions', () => sessionId, { status: 'cancelled', reason: 'Zomerreces' }],
    ])(
      'changes a %s with the ETag its GET gave, and refuses a stale one with 412 naming the current ETag',
      async (_, table, id, change) => {
        const path = `/v1/${table.replace('reflection_sessions', 'reflection-sessions')}/${id()}`;
        const first = await read(path);
        expect(first.etag).toMatch(/^"[^"]+"$/);
        const changed = await patch(path, first.etag, { ...change, version: first.version }).expect(200);
        // The answer's ETag is that of the changed resource, as its GET now gives it.
        const second = await read(path);
        expect(changed.headers.etag).toBe(second.etag);
        expect(second.etag).not.toBe(first.etag);

        const before = await written(table, id());
        const stale = await patch(path, first.etag, { version: second.version });
        expectProblem(stale, 412);
        expect(stale.body).toEqual(
          expect.objectContaining({ type: 'urn:leerlus:problem:precondition-failed' }),
        );
        expect(stale.body.currentEtag).toBe(second.etag);
        expect(await written(table, id())).toEqual(before);
      },
    );

    it('takes * for any current resource, a list naming the current ETag, and compares strongly', async () => {
      const path = `/v1/incidents/${incidentId}`;
      let { etag, version } = await read(path);
      await patch(path, '*', { version, description: 'Met ster.' }).expect(200);
      ({ etag, version } = await read(path));
      await patch(path, `"elders", ${etag}`, { version, description: 'Uit een lijst.' }).expect(200);
      ({ etag, version } = await read(path));
      // RFC 9110 §13.1.1: If-Match compares strongly, and a weak tag never matches strongly.
      const before = await written('incidents', incidentId);
      const weak = await patch(path, `W/${etag}`, { version, description: 'Zwak.' });
      expectProblem(weak, 412);
      expect(weak.body.currentEtag).toBe(etag);
      const malformed = await patch(path, 'geen-etag', { version, description: 'Kapot.' });
      expectProblem(malformed, 400);
      expect(malformed.body.invalidParams).toEqual([
        { name: 'If-Match', reason: 'must be * or a list of entity tags, such as "3-abc"' },
      ]);
      expect(await written('incidents', incidentId)).toEqual(before);
      // Without If-Match, as before: the body's version decides (409 when stale).
      expectProblem(await patch(path, undefined, { version: version - 1, description: 'Oud.' }), 409);
      await patch(path, undefined, { version, description: 'Zonder voorwaarde.' }).expect(200);
      // A 304 still answers If-None-Match, weak or strong (weak comparison).
      ({ etag } = await read(path));
      for (const tag of [etag, `W/${etag}`])
        await t.http.get(path).set(bearer(org.lead.token)).set('If-None-Match', tag).expect(304);
    });

    it('deletes only what is as If-Match says, and refuses where there is no representation to match', async () => {
      const team = (
        await t.http
          .post('/v1/teams')
          .set(bearer(org.admin.token))
          .send({ name: 'Voorwaardelijk' })
          .expect(201)
      ).body;
      const stale = team.version;
      const { etag } = (
        await t.http
          .patch(`/v1/teams/${team.id}`)
          .set(bearer(org.admin.token))
          .send({ name: 'Voorwaardelijk weg', version: stale })
          .expect(200)
      ).headers;
      const gone = (tag: string) =>
        t.http.delete(`/v1/teams/${team.id}`).set(bearer(org.admin.token)).set('If-Match', tag);
      const before = await written('teams', team.id);
      expectProblem(await gone('"verouderd"'), 412);
      expect(await written('teams', team.id)).toEqual(before);
      await gone(etag).expect(204);
      // Nothing left to match: 404 as without If-Match.
      expectProblem(await gone('*'), 404);
      // A token has no GET of its own, so no ETag names it: only * goes.
      const token = (
        await t.http
          .post(`/v1/people/${org.member.id}/tokens`)
          .set(bearer(org.admin.token))
          .send({ name: 'voorwaarde' })
          .expect(201)
      ).body;
      const revoke = (tag: string) =>
        t.http
          .delete(`/v1/people/${org.member.id}/tokens/${token.id}`)
          .set(bearer(org.admin.token))
          .set('If-Match', tag);
      expectProblem(await revoke('"iets"'), 412);
      await revoke('*').expect(204);
    });

    it('lets exactly one of two writes with the same If-Match through: the other gets 412', async () => {
      const path = `/v1/incidents/${incidentId}`;
      const { etag, version } = await read(path);
      const before = await written('incidents', incidentId);
      // Both pass the check against what they read before either locks the incident: they wait here.
      const holder = new Client({ connectionString: t.db.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT id FROM incidents WHERE id = $1 FOR UPDATE', [incidentId]);
        const writes = ['Eerste', 'Tweede'].map((title) =>
          patch(path, etag, { version, title: `${title} schrijver` }).then((r) => r),
        );
        await waitForLockWaiters(t.db, 2);
        await holder.query('COMMIT');
        const answers = await Promise.all(writes);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 412]);
        const refused = answers.find((r) => r.status === 412)!;
        expectProblem(refused, 412);
        const current = await read(path);
        expect(refused.body.currentEtag).toBe(current.etag);
        expect(current.version).toBe(version + 1);
        expect((await written('incidents', incidentId)).audit).toBe(before.audit + 1);
      } finally {
        await holder.end();
      }
    });

    it('is checked where each register locks what it deletes: a current ETag deletes it', async () => {
      const admin = bearer(org.admin.token);
      const created = async (path: string, body: object) =>
        (await t.http.post(path).set(admin).send(body).expect(201)).body.id as string;
      const { seriesId } = await insertSession(t.db, {
        organisationId: org.organisationId,
        chairId: org.lead.id,
        start: new Date(t.clock.now().getTime() + 40 * 86400_000).toISOString(),
        agenda: [{ title: 'Terugblik', timeboxMinutes: 20 }],
      });
      const [{ id: agendaItemId }] = await t.db.query(`SELECT id FROM agenda_items WHERE series_id = $1`, [
        seriesId,
      ]);
      const person = await createPerson(t.http, org.admin.token, {
        name: 'Vera Vertrek',
        accessRole: 'member',
      });
      const paths = [
        `/v1/chains/${await created('/v1/chains', { name: 'Keten voorwaarde' })}`,
        `/v1/themes/${await created('/v1/themes', { title: 'Thema voorwaarde', ownerId: org.lead.id })}`,
        `/v1/best-practices/${await created('/v1/best-practices', {
          title: 'Praktijk voorwaarde',
          practice: 'Een vaste werkwijze.',
          evidence: 'Gemeten in de pilot.',
        })}`,
        `/v1/actions/${await created('/v1/actions', {
          sourceType: 'lesson',
          sourceId: lessonId,
          description: 'Actie voorwaarde',
          assigneeId: org.member.id,
          dueDate: FAR_AHEAD_DUE_DATE,
        })}`,
        `/v1/agenda-items/${agendaItemId}`,
        `/v1/people/${person.id}`,
      ];
      for (const path of paths) {
        const { etag } = (await t.http.get(path).set(admin).expect(200)).headers;
        const stale = await t.http.delete(path).set(admin).set('If-Match', '"verouderd"');
        expect([path, stale.status]).toEqual([path, 412]);
        const deleted = await t.http.delete(path).set(admin).set('If-Match', etag);
        expect([path, deleted.status]).toEqual([path, 204]);
      }
    });

    it('is documented on every write of a single resource, and CORS lets a page send it', async () => {
      const openapi = (await t.http.get('/v1/openapi.json').expect(200)).body;
      for (const [path, method] of [
        ['/incidents/{id}', 'patch'],
        ['/lessons/{id}', 'delete'],
        ['/reflection-sessions/{id}', 'patch'],
        ['/people/{personId}/tokens/{tokenId}', 'delete'],
      ]) {
        const operation = openapi.paths[path][method];
        expect([path, operation.parameters]).toEqual([
          path,
          expect.arrayContaining([
            expect.objectContaining({ in: 'header', name: 'If-Match', required: false }),
          ]),
        ]);
        expect([path, operation.responses['412']?.content]).toEqual([
          path,
          { 'application/problem+json': expect.anything() },
        ]);
      }
      expect(openapi.paths['/incidents'].post.responses['412']).toBeUndefined();
      expect(openapi.components.schemas.Problem.properties.currentEtag).toBeDefined();
    });
  });

  it('rejects unknown properties, naming them in invalidParams, and writes nothing', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM teams');
    const response = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Team X', colour: 'red' });
    expectProblem(response, 400);
    expect(response.body.invalidParams).toEqual([{ name: 'colour', reason: 'is not a known property' }]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM teams')).toEqual(before);
  });

  it('refuses a query parameter the operation does not have, on every operation, and writes nothing', async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Proefdraaien' })
      .expect(201);
    // A client that believed it asked for a dry run got a real delete.
    const deleting = await t.http
      .delete(`/v1/teams/${team.body.id}?dryRun=true`)
      .set(bearer(org.admin.token));
    expectProblem(deleting, 400);
    expect(deleting.body.invalidParams).toEqual([{ name: 'dryRun', reason: 'is not a known property' }]);
    await t.http.get(`/v1/teams/${team.body.id}`).set(bearer(org.admin.token)).expect(200);
    const creating = await t.http
      .post('/v1/teams?validateOnly=true&dryRun=1')
      .set(bearer(org.admin.token))
      .send({ name: 'Alleen proberen' });
    expectProblem(creating, 400);
    expect(creating.body.invalidParams.map((p: { name: string }) => p.name)).toEqual([
      'validateOnly',
      'dryRun',
    ]);
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM teams WHERE name = 'Alleen proberen'`))[0].n,
    ).toBe(0);
    const fetching = await t.http.get(`/v1/teams/${team.body.id}?fields=name`).set(bearer(org.admin.token));
    expectProblem(fetching, 400);
    await t.http.head(`/v1/teams/${team.body.id}?fields=name`).set(bearer(org.admin.token)).expect(400);
    // What the document lists is taken, on a list as on a report.
    await t.http.get('/v1/teams?pageSize=1').set(bearer(org.admin.token)).expect(200);
    // A calendar client's own parameters (a cache-buster) do not break a subscription.
    const me = await t.http.get(`/v1/people/${org.admin.id}`).set(bearer(org.admin.token)).expect(200);
    await t.http.get(`${new URL(me.body.calendarFeedUrl).pathname}?nocache=1700000000`).expect(200);
    await t.http.get('/v1/teams/').set(bearer(org.admin.token)).expect(404);
    await t.http.delete(`/v1/teams/${team.body.id}`).set(bearer(org.admin.token)).expect(204);
  });

  it('takes an id in upper case as the same id, in a query and a body, and stores it as answers show it', async () => {
    const report = await t.http
      .get(`/v1/reports/quarterly?year=2026&quarter=4&organisationId=${org.organisationId.toUpperCase()}`)
      .set(bearer(org.lead.token));
    expect(report.status).toBe(200);
    const chain = await t.http
      .post('/v1/chains')
      .set(bearer(org.admin.token))
      .send({ name: 'Hoofdletters' })
      .expect(201);
    const assigned = await t.http
      .post(`/v1/chains/${chain.body.id}/role-assignments`)
      .set(bearer(org.admin.token))
      .send({ role: 'owner', personId: org.lead.id.toUpperCase(), validFrom: '2026-01-01' })
      .expect(201);
    expect(assigned.body.personId).toBe(org.lead.id);
    const [event] = await t.db.query(
      `SELECT changes FROM audit_events WHERE entity_id = $1 AND action = 'create'`,
      [assigned.body.id],
    );
    expect(event.changes.personId).toEqual({ from: null, to: org.lead.id });
    // One id in both cases is one id named twice.
    const twice = await t.http
      .post('/v1/people')
      .set(bearer(org.admin.token))
      .send({
        name: 'Dubbel Team',
        email: 'dubbel.team@example.nl',
        accessRole: 'member',
        teamIds: [chain.body.id, chain.body.id.toUpperCase()],
      })
      .expect(400);
    expect(twice.body.invalidParams).toEqual([
      { name: 'teamIds', reason: 'must not hold the same value twice' },
    ]);
  });

  it('refuses null where the schema does not allow it, instead of taking it as left out', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM people');
    const response = await t.http.post('/v1/people').set(bearer(org.admin.token)).send({
      name: 'Nul Persoon',
      email: 'nul@example.nl',
      accessRole: 'member',
      locale: null,
      teamIds: null,
    });
    expectProblem(response, 400);
    expect(response.body.invalidParams).toEqual([
      { name: 'locale', reason: 'must not be null (leave it out instead)' },
      { name: 'teamIds', reason: 'must not be null (leave it out instead)' },
    ]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM people')).toEqual(before);
    // Named with the body's other problems, in one answer.
    const theme = await t.http
      .post('/v1/themes')
      .set(bearer(org.lead.token))
      .send({ title: 7, ownerId: org.lead.id, active: null })
      .expect(400);
    expect([...new Set(theme.body.invalidParams.map((p: { name: string }) => p.name))]).toEqual([
      'active',
      'title',
    ]);
    // Where the schema says nullable, null is a value: a token that never expires.
    const token = await t.http
      .post(`/v1/people/${org.member.id}/tokens`)
      .set(bearer(org.admin.token))
      .send({ name: 'zonder einde', expiresAt: null })
      .expect(201);
    expect(token.body.expiresAt).toBeNull();
    // A required field is simply not null; a body that is an array is no object.
    const version = await t.http
      .patch(`/v1/people/${org.member.id}`)
      .set(bearer(org.admin.token))
      .send({ name: 'Nul twee', version: null })
      .expect(400);
    expect(version.body.invalidParams).toEqual([{ name: 'version', reason: 'must not be null' }]);
    for (const body of [[], [{ name: 'Lijst' }]]) {
      const refused = await t.http.post('/v1/teams').set(bearer(org.admin.token)).send(body).expect(400);
      expect(refused.body.detail).toBe('The request body must be a JSON object.');
    }
    const openapi = (await t.http.get('/v1/openapi.json').expect(200)).body;
    const incident = openapi.components.schemas.CreateIncidentDto.properties;
    expect(incident.confidentiality.nullable).toBeUndefined();
    expect(incident.causeLevel.nullable).toBe(true);
  });

  it('names wrong types and bad enums', async () => {
    const response = await t.http
      .post('/v1/people')
      .set(bearer(org.admin.token))
      .send({ name: 42, email: 'not-an-email', accessRole: 'boss' });
    expectProblem(response, 400);
    const names = response.body.invalidParams.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['name', 'email', 'accessRole']));
  });

  it('refuses a malformed UUID in the path with 400', async () => {
    const response = await t.http.get('/v1/teams/not-a-uuid').set(bearer(org.admin.token));
    expectProblem(response, 400);
    expect(response.body.invalidParams).toEqual([{ name: 'id', reason: 'must be a UUID' }]);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expectProblem(response, 400);
    expect(response.body.detail).toBe('The request body is not valid JSON.');
  });

  it('says a body must be a JSON object when it is valid JSON but none', async () => {
    for (const body of ['null', '"Team X"', ' 5']) {
      const response = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .set('Content-Type', 'application/json')
        .send(body);
      expectProblem(response, 400);
      expect(response.body.detail).toBe('The request body must be a JSON object.');
    }
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const response = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'x', description: 'a'.repeat(1024 * 1024 + 10) });
    expectProblem(response, 413);
  });

  it('refuses a bad page size, saying only what is wrong with it', async () => {
    const reasons = async (query: string) => {
      const response = await t.http.get(`/v1/teams?${query}`).set(bearer(org.admin.token));
      expectProblem(response, 400);
      return response.body.invalidParams;
    };
    expect(await reasons('pageSize=1000')).toEqual([
      { name: 'pageSize', reason: 'must not be greater than 100' },
    ]);
    // Not a number: neither "greater than 100" nor "less than 1".
    expect(await reasons('pageSize=abc')).toEqual([
      { name: 'pageSize', reason: 'must be an integer number' },
    ]);
    expect(await reasons('page=1.5&pageSize=0')).toEqual([
      { name: 'page', reason: 'must be an integer number' },
      { name: 'pageSize', reason: 'must not be less than 1' },
    ]);
    // Not a list: only that, not what its values would be.
    const notAList = await t.http
      .post('/v1/reflection-series')
      .set(bearer(org.admin.token))
      .send({ participantIds: 'nope', title: 5 });
    expect(
      notAList.body.invalidParams.filter((p: { name: string }) =>
        ['participantIds', 'title'].includes(p.name),
      ),
    ).toEqual([
      { name: 'title', reason: 'must be a string' },
      { name: 'participantIds', reason: 'must be an array' },
    ]);
    // A list is told all its problems: its size and each bad value.
    const tags = [...Array.from({ length: 23 }, (_, i) => `tag-${i}`), 5, 'x'.repeat(60)];
    const response = await t.http
      .post('/v1/incidents')
      .set(bearer(org.admin.token))
      .send({ title: 'Lijst', tags });
    expectProblem(response, 400);
    const told = response.body.invalidParams.filter((p: { name: string }) => p.name === 'tags');
    expect(told.map((p: { reason: string }) => p.reason).sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^must contain no more than 20 elements$/),
        expect.stringMatching(/must be a string/),
        expect.stringMatching(/50 characters/),
      ]),
    );
  });

  it('paginates with a total', async () => {
    for (const name of ['Alfa', 'Bravo', 'Charlie']) {
      await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name }).expect(201);
    }
    const response = await t.http
      .get('/v1/teams?page=2&pageSize=2')
      .set(bearer(org.member.token))
      .expect(200);
    expect(response.body).toEqual({
      items: [expect.objectContaining({ name: 'Charlie' })],
      page: 2,
      pageSize: 2,
      total: 3,
    });
  });

  it('hides internals of an unexpected error behind an error id', async () => {
    const response = await t.http.get('/v1/test-failure').set(bearer(org.member.token));
    expectProblem(response, 500);
    expect(response.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(response.body)).not.toContain('secret');
    expect(response.body.detail).toContain(response.body.errorId);
  });
});
