import { Logger } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { insertSession } from './support/delivery-fixtures';
import { failedNotification } from './support/failed-notification';
import { FAR_AHEAD_DUE_DATE } from './support/far-ahead-due-date';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { createChainWithTriangle, subscribeWebhook } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** A resource made for one write: its path (under /v1) and who writes it. */
interface Target {
  path: string;
  token: string;
  /** Where its GET gives none: the version it was created at. */
  version?: number;
}

/**
 * Every PATCH, PUT and DELETE of a single resource the OpenAPI document serves is tried with If-Match:
 * a tag that is not the current one is 412 and changes nothing, the ETag of its GET goes through,
 * and the write compared it where it locked the resource (lockForUpdate; IfMatchInterceptor and
 * UncheckedPreconditionSubscriber log an error when a write did not). A write added without a way to
 * make its resource here fails the test.
 */
describe('If-Match on every write of a single resource', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let incidentId: string;
  let lessonId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: org.admin.id,
      commissioner: org.lead.id,
      contractor: org.member.id,
    });
    incidentId = await created('/v1/incidents', org.member.token, incidentBody(chainId));
    lessonId = await created('/v1/lessons', org.member.token, incidentLessonBody(incidentId));
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(typeof message === 'string' ? message : JSON.stringify(message));
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  async function created(path: string, token: string, body: object): Promise<string> {
    const response = await t.http.post(path).set(bearer(token)).send(body);
    expect([path, response.status]).toEqual([path, 201]);
    return response.body.id as string;
  }

  /** A session of its own series, with one agenda item. */
  async function session(): Promise<{ seriesId: string; sessionId: string; agendaItemId: string }> {
    const { seriesId, sessionId } = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      start: new Date(t.clock.now().getTime() + 30 * 86400_000).toISOString(),
      agenda: [{ title: 'Terugblik', timeboxMinutes: 20 }],
    });
    const [{ id }] = await t.db.query(`SELECT id FROM agenda_items WHERE series_id = $1`, [seriesId]);
    return { seriesId, sessionId, agendaItemId: id };
  }

  const bestPractice = () =>
    created('/v1/best-practices', org.admin.token, {
      title: `Praktijk ${Math.random()}`,
      practice: 'Een vaste werkwijze.',
      evidence: 'Gemeten in de pilot.',
    });

  /** How to make each single resource, by its path in the OpenAPI document. */
  const resources: Record<string, () => Promise<Target>> = {
    '/organisations/{id}': async () => ({
      path: `/v1/organisations/${await created('/v1/organisations', t.systemToken, {
        name: `Leeg ministerie ${Math.random()}`,
        kind: 'ministerie',
      })}`,
      token: t.systemToken,
    }),
    '/teams/{id}': async () => ({
      path: `/v1/teams/${await created('/v1/teams', org.admin.token, { name: `Team ${Math.random()}` })}`,
      token: org.admin.token,
    }),
    '/people/{id}': async () => ({
      path: `/v1/people/${(await createPerson(t.http, org.admin.token, { name: 'Vera Voorwaarde', accessRole: 'member' })).id}`,
      token: org.admin.token,
    }),
    '/people/{personId}/tokens/{tokenId}': async () => ({
      path: `/v1/people/${org.member.id}/tokens/${await created(`/v1/people/${org.member.id}/tokens`, org.admin.token, { name: 'voorwaarde' })}`,
      token: org.admin.token,
    }),
    '/chains/{id}': async () => ({
      path: `/v1/chains/${await created('/v1/chains', org.admin.token, { name: `Keten ${Math.random()}` })}`,
      token: org.admin.token,
    }),
    '/chains/{chainId}/role-assignments/{id}': async () => {
      const chain = await created('/v1/chains', org.admin.token, { name: `Keten ${Math.random()}` });
      const response = await t.http
        .post(`/v1/chains/${chain}/role-assignments`)
        .set(bearer(org.admin.token))
        .send({ role: 'owner', personId: org.lead.id, validFrom: '2026-01-01' })
        .expect(201);
      return {
        path: `/v1/chains/${chain}/role-assignments/${response.body.id}`,
        token: org.admin.token,
        version: response.body.version,
      };
    },
    '/incidents/{id}': async () => ({
      path: `/v1/incidents/${await created('/v1/incidents', org.member.token, incidentBody(chainId))}`,
      token: org.admin.token,
    }),
    '/lessons/{id}': async () => ({
      path: `/v1/lessons/${await created('/v1/lessons', org.member.token, incidentLessonBody(incidentId))}`,
      token: org.admin.token,
    }),
    '/best-practices/{id}': async () => ({
      path: `/v1/best-practices/${await bestPractice()}`,
      token: org.admin.token,
    }),
    '/best-practices/{bestPracticeId}/adoptions/{id}': async () => {
      const practice = await bestPractice();
      await t.http
        .patch(`/v1/best-practices/${practice}`)
        .set(bearer(org.lead.token))
        .send({ status: 'endorsed', version: 1 })
        .expect(200);
      const team = await created('/v1/teams', org.admin.token, { name: `Team ${Math.random()}` });
      const response = await t.http
        .post(`/v1/best-practices/${practice}/adoptions`)
        .set(bearer(org.lead.token))
        .send({ teamId: team, adoptedAt: t.clock.now().toISOString() })
        .expect(201);
      return {
        path: `/v1/best-practices/${practice}/adoptions/${response.body.id}`,
        token: org.lead.token,
        version: response.body.version,
      };
    },
    '/actions/{id}': async () => ({
      path: `/v1/actions/${await created('/v1/actions', org.admin.token, {
        sourceType: 'lesson',
        sourceId: lessonId,
        description: 'Actie voorwaarde',
        assigneeId: org.member.id,
        dueDate: FAR_AHEAD_DUE_DATE,
      })}`,
      token: org.admin.token,
    }),
    '/themes/{id}': async () => ({
      path: `/v1/themes/${await created('/v1/themes', org.admin.token, { title: `Thema ${Math.random()}`, ownerId: org.lead.id })}`,
      token: org.admin.token,
    }),
    '/reflection-series/{id}': async () => ({
      path: `/v1/reflection-series/${(await session()).seriesId}`,
      token: org.admin.token,
    }),
    '/reflection-sessions/{id}': async () => ({
      path: `/v1/reflection-sessions/${(await session()).sessionId}`,
      token: org.lead.token,
    }),
    '/agenda-items/{id}': async () => ({
      path: `/v1/agenda-items/${(await session()).agendaItemId}`,
      token: org.admin.token,
    }),
    '/webhook-subscriptions/{id}': async () => ({
      path: `/v1/webhook-subscriptions/${await subscribeWebhook(t.db, org.organisationId, ['incident.created'])}`,
      token: org.admin.token,
    }),
  };

  /** How to make the resource each POST action acts on (its path's resource), where the action goes through. */
  const actedOn: Record<string, () => Promise<Target>> = {
    '/notifications/{id}/retry': async () => ({
      path: `/v1/notifications/${await failedNotification(t, org.organisationId, org.member.id)}`,
      token: org.lead.token,
    }),
    '/people/{id}/calendar-feed-rotation': async () => ({
      path: `/v1/people/${(await createPerson(t.http, org.admin.token, { name: 'Roel Roteer', accessRole: 'member' })).id}`,
      token: org.admin.token,
    }),
    '/reflection-sessions/{id}/agenda': async () => ({
      path: `/v1/reflection-sessions/${(await session()).sessionId}`,
      token: org.lead.token,
    }),
  };

  /** The change each PATCH makes (with the version read). */
  const changes: Record<string, object> = {
    '/organisations/{id}': { name: `Hernoemd ministerie ${Date.now()}` },
    '/teams/{id}': { name: `Hernoemd team ${Date.now()}` },
    '/people/{id}': { name: 'Vera Veranderd' },
    '/chains/{id}': { description: 'Veranderd' },
    '/chains/{chainId}/role-assignments/{id}': { validTo: '2027-12-31' },
    '/incidents/{id}': { title: 'Toeslag te laat uitbetaald' },
    '/lessons/{id}': { title: 'Test de hele betaalketen' },
    '/best-practices/{id}': { context: 'Veranderd' },
    '/best-practices/{bestPracticeId}/adoptions/{id}': { result: 'Minder bezwaren' },
    '/actions/{id}': { description: 'Veranderde actie' },
    '/themes/{id}': { description: 'Veranderd' },
    '/reflection-series/{id}': { title: 'Veranderde reeks' },
    '/reflection-sessions/{id}': { status: 'cancelled', reason: 'Zomerreces' },
    '/agenda-items/{id}': { title: 'Veranderd agendapunt' },
    '/webhook-subscriptions/{id}': { description: 'Veranderd' },
  };

  /** What a refused write must leave as it was: the representation (where there is a GET) and its audit trail. */
  async function state(target: Target, hasGet: boolean) {
    const id = target.path.split('/').pop();
    const [{ audit }] = await t.db.query(
      `SELECT count(*)::int AS audit FROM audit_events WHERE entity_id = $1`,
      [id],
    );
    if (!hasGet) return { audit };
    const read = await t.http.get(target.path).set(bearer(target.token));
    return { audit, status: read.status, etag: read.headers.etag as string };
  }

  function write(method: string, target: Target, ifMatch: string, body?: object) {
    const req = (
      method === 'delete' ? t.http.delete(target.path) : t.http[method as 'patch' | 'put'](target.path)
    )
      .set(bearer(target.token))
      .set('If-Match', ifMatch);
    return body ? req.send(body) : req;
  }

  it('covers every PATCH, PUT and DELETE of a single resource: 412 unless the current ETag, checked where it locks', async () => {
    const openapi = (await t.http.get('/v1/openapi.json').expect(200)).body;
    const operations: { method: string; path: string; hasGet: boolean }[] = [];
    for (const [path, item] of Object.entries(openapi.paths as Record<string, Record<string, any>>))
      for (const method of ['put', 'patch', 'delete'])
        if (item[method] && /\/\{[^/}]+\}$/.test(path)) operations.push({ method, path, hasGet: !!item.get });
    expect(operations.length).toBeGreaterThan(20);

    const uncovered: string[] = [];
    const problems: string[] = [];
    const check = (name: string, what: string, actual: unknown, expected: unknown) => {
      if (!isDeepStrictEqual(actual, expected))
        problems.push(`${name}: ${what} ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    };
    for (const { method, path, hasGet } of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      const make = resources[path];
      const change = changes[path];
      if (!openapi.paths[path][method].responses['412'] || !make || (method !== 'delete' && !change)) {
        uncovered.push(name);
        continue;
      }
      const target = await make();
      const before = await state(target, hasGet);
      const version = hasGet
        ? ((await t.http.get(target.path).set(bearer(target.token))).body.version as number)
        : target.version;
      const body = method === 'delete' ? undefined : { ...change, version };

      // (a) Another strong tag, and the current one made weak: 412 naming the current ETag; nothing
      // changed, refused where it locked (a write that did not check would be logged, and refused
      // only by UncheckedPreconditionSubscriber).
      for (const tag of ['"verouderd"', ...(hasGet ? [`W/${before.etag}`] : [])]) {
        const errorsBefore = errors.length;
        const refused = await write(method, target, tag, body);
        check(name, `If-Match ${tag}:`, refused.status, 412);
        if (hasGet) check(name, 'currentEtag', refused.body.currentEtag, before.etag);
        check(name, 'after a 412', await state(target, hasGet), before);
        check(name, `logged after If-Match ${tag}`, errors.slice(errorsBefore), []);
      }

      // (b) The ETag its GET gave (* where there is no GET): it goes through, compared where it locked.
      const errorsBefore = errors.length;
      const done = await write(method, target, hasGet ? before.etag! : '*', body);
      check(name, 'with the current ETag:', done.status, method === 'delete' ? 204 : 200);
      check(name, 'logged', errors.slice(errorsBefore), []);
      if (!hasGet) continue;
      const after = await state(target, hasGet);
      if (method === 'delete') check(name, 'GET after it', after.status, 404);
      else {
        check(name, 'ETag of the answer vs its GET', done.headers.etag, after.etag);
        check(name, 'audit events', after.audit, before.audit + 1);
      }
    }
    expect(uncovered).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('covers every POST action on a single resource: compared with the resource its path names', async () => {
    const openapi = (await t.http.get('/v1/openapi.json').expect(200)).body;
    const actions = Object.entries(openapi.paths as Record<string, Record<string, any>>)
      .filter(([path, item]) => /\/\{[^/}]+\}\/[\w-]+$/.test(path) && item.post?.responses['200'])
      .map(([path]) => path);
    expect(actions.sort()).toEqual(Object.keys(actedOn).sort());

    const problems: string[] = [];
    const check = (name: string, what: string, actual: unknown, expected: unknown) => {
      if (!isDeepStrictEqual(actual, expected))
        problems.push(`${name}: ${what} ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    };
    for (const path of actions) {
      const name = `POST ${path}`;
      const operation = openapi.paths[path].post;
      check(
        name,
        'documents',
        [!!operation.responses['412'], operation.parameters.some((p: any) => p.name === 'If-Match')],
        [true, true],
      );
      const target = await actedOn[path]();
      const action = `${target.path}/${path.split('/').pop()}`;
      const post = (ifMatch: string) =>
        t.http.post(action).set(bearer(target.token)).set('If-Match', ifMatch);
      const before = await state(target, true);

      // Another strong tag, and the current one made weak: 412 naming the resource's current ETag,
      // nothing changed, refused where the action locked the resource.
      for (const tag of ['"verouderd"', `W/${before.etag}`]) {
        const errorsBefore = errors.length;
        const refused = await post(tag);
        check(name, `If-Match ${tag}:`, [refused.status, refused.body.currentEtag], [412, before.etag]);
        check(name, 'after a 412', await state(target, true), before);
        check(name, `logged after If-Match ${tag}`, errors.slice(errorsBefore), []);
      }

      // The ETag of the resource's GET: the action goes through, compared where it locked.
      const errorsBefore = errors.length;
      check(name, 'with the current ETag:', (await post(before.etag!)).status, 200);
      check(name, 'logged', errors.slice(errorsBefore), []);
    }
    expect(problems).toEqual([]);
  });

  it('also covers the routes the OpenAPI document names (nothing listed here is stale)', async () => {
    const openapi = (await t.http.get('/v1/openapi.json').expect(200)).body;
    expect(Object.keys(resources).filter((path) => !openapi.paths[path])).toEqual([]);
  });
});
