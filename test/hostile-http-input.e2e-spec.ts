import { request as httpRequest, Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { DataSource, QueryFailedError } from 'typeorm';
import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { randomUUID } from 'node:crypto';
import { toProblem } from '../apps/api/src/http/to-problem';
import { insertSession } from './support/delivery-fixtures';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

type Response = { status: number; headers: Record<string, string>; body: any };

function expectProblem(response: Response, status: number) {
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: expect.objectContaining({ status, type: expect.any(String), detail: expect.any(String) }),
  });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

/** `[[[…]]]` with `levels` arrays. */
function nestedArrays(levels: number): string {
  return '['.repeat(levels) + ']'.repeat(levels);
}

/**
 * Input that used to crash the api (500), slip past validation or get a misleading answer: each
 * is refused with a 4xx problem that names the field and nothing is written, or, where the input
 * is valid after all, answered as it should be.
 */
describe('hostile HTTP input', () => {
  let t: TestApp;
  let org: OrgFixture;
  let teamId: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    teamId = (
      await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Bestaand' }).expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  /** Rows of `table` and of audit_events, to show a refused request wrote nothing. */
  const rows = async (table: string) =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM ${table})::int AS rows, (SELECT count(*) FROM audit_events)::int AS audit`,
      )
    )[0];

  /** A JSON text sent as it is (an object literal cannot carry `__proto__` or `\ud800`). */
  const postTeamJson = (json: string) =>
    t.http.post('/v1/teams').set(bearer(org.admin.token)).set('Content-Type', 'application/json').send(json);

  /**
   * Raw bytes over plain HTTP to POST /v1/teams: supertest would send a Buffer as
   * {"type":"Buffer","data":[…]}.
   */
  const postTeamBytes = async (contentType: string, body: Buffer) => {
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      return await new Promise<{ status: number; type: string; body: any }>((resolve, reject) => {
        const sent = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/v1/teams',
            method: 'POST',
            agent: false,
            headers: {
              'Content-Type': contentType,
              'Content-Length': body.length,
              Authorization: `Bearer ${org.admin.token}`,
            },
          },
          (response) => {
            let text = '';
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                type: String(response.headers['content-type']),
                body: JSON.parse(text),
              }),
            );
          },
        );
        sent.on('error', reject);
        sent.end(body);
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  };

  it('refuses a JSON body that is not valid UTF-8, and stores nothing', async () => {
    const body = Buffer.concat([
      Buffer.from('{"name":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ]);
    const before = await rows('teams');
    const answer = await postTeamBytes('application/json', body);
    expect([answer.status, answer.type]).toEqual([400, expect.stringMatching(/application\/problem\+json/)]);
    expect(answer.body.detail).toBe('The request body is not valid UTF-8.');
    expect(await rows('teams')).toEqual(before);
  });

  it('names the path when a segment is percent-encoded bytes that are not UTF-8', async () => {
    for (const path of ['/v1/incidents/%ED%A0%80', '/v1/teams/%C3%28', '/v1/teams/%E0%A4%A'])
      expect((await t.http.get(path).set(bearer(org.admin.token))).body).toEqual(
        expect.objectContaining({
          status: 400,
          type: expect.stringMatching(/validation-failed$/),
          detail: 'The path holds a percent-encoded value that is not UTF-8 text.',
          invalidParams: [{ name: 'path', reason: 'must be percent-encoded UTF-8' }],
        }),
      );
  });

  it('answers what Node refuses before Express (a URL over 16 KB, broken HTTP) with a problem', async () => {
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const raw = (request: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => socket.end(request));
          let text = '';
          socket.on('data', (chunk) => (text += chunk));
          socket.on('end', () => resolve(text));
          socket.on('error', reject);
        });
      const answers = [
        await raw(`GET /v1/health?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: leerlus\r\n\r\n`),
        await raw('HELLO leerlus\r\n\r\n'),
      ];
      expect(
        answers.map((answer) => {
          const [head, body] = answer.split('\r\n\r\n');
          return {
            statusLine: head.split('\r\n')[0],
            type: /content-type: (.*)/i.exec(head)?.[1],
            body: JSON.parse(body),
          };
        }),
      ).toEqual([
        {
          statusLine: 'HTTP/1.1 431 Request Header Fields Too Large',
          type: 'application/problem+json',
          // No instance: Node gives no path for a request it did not read.
          body: {
            type: expect.stringMatching(/headers-too-large$/),
            title: 'Request header fields too large',
            status: 431,
            detail: 'The URL or headers are larger than 16 KB.',
          },
        },
        {
          statusLine: 'HTTP/1.1 400 Bad Request',
          type: 'application/problem+json',
          body: {
            type: expect.stringMatching(/bad-request$/),
            title: 'Bad request',
            status: 400,
            detail: 'The request is not valid HTTP.',
          },
        },
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  describe('audit-event date filters must be RFC 3339 with an offset, inside years 0001-9999', () => {
    it.each([
      ['from', '2026-01-01T00:00:00-20'],
      ['from', '-2026-01-01'],
      ['from', '9999-12-31T23:59:59-23:59'],
      ['from', '2026-01-01T10:00:00'],
      ['from', '2026-001'],
    ])('refuses %s=%s with 400 naming it', async (name, value) => {
      const before = await rows('audit_events');
      const response = await t.http
        .get(`/v1/audit-events?${name}=${encodeURIComponent(value)}`)
        .set(bearer(org.admin.token));
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([{ name, reason: expect.stringMatching(/RFC 3339/) }]);
      expect(await rows('audit_events')).toEqual(before);
    });

    it.each([
      ['from', '2000-01-01T00:00:00+23:00', 1],
      ['from', '2999-01-01T00:00:00+23:00', 0],
      ['to', '2000-01-01T00:00:00+16:00', 0],
      ['to', '2999-01-01T00:00:00+16:00', 1],
      ['from', '2000-01-01T00:00:00-23:59', 1],
    ])(
      'accepts %s=%s, an offset Postgres would refuse, as the moment it names',
      async (name, value, found) => {
        const response = await t.http
          .get(`/v1/audit-events?entityId=${teamId}&${name}=${encodeURIComponent(value)}`)
          .set(bearer(org.admin.token))
          .expect(200);
        expect(response.body.items.map((e: { action: string }) => e.action)).toEqual(found ? ['create'] : []);
      },
    );

    it('a time zone displacement Postgres refuses (22009) is a 400, not a 500', async () => {
      const error = await t.app
        .get(DataSource)
        .query(`SELECT '2026-01-01T00:00:00+23:00'::timestamptz`)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(QueryFailedError);
      expect((error as { code?: string }).code).toBe('22009');
      expect(toProblem(error)).toEqual(expect.objectContaining({ status: 400, code: 'validation-failed' }));
    });
  });

  describe('paging parameters are plain decimal integers', () => {
    it.each([
      ['page', '1e3'],
      ['pageSize', '0x10'],
      ['pageSize', '0b11'],
      ['page', '+2'],
      ['page', '2.0'],
      ['pageSize', ' 10'],
      ['page', 'Infinity'],
    ])('refuses %s=%s with 400 naming it', async (name, value) => {
      const response = await t.http
        .get(`/v1/teams?${name}=${encodeURIComponent(value)}`)
        .set(bearer(org.admin.token));
      expectProblem(response, 400);
      expect(response.body.invalidParams).toContainEqual({ name, reason: 'must be an integer number' });
      expect(new Set(response.body.invalidParams.map((p: { name: string }) => p.name))).toEqual(
        new Set([name]),
      );
    });

    it('takes one with leading zeros', async () => {
      const response = await t.http
        .get('/v1/teams?page=01&pageSize=010')
        .set(bearer(org.admin.token))
        .expect(200);
      expect([response.body.page, response.body.pageSize]).toEqual([1, 10]);
    });
  });

  describe('a body that does not match its Content-Encoding', () => {
    it.each(['gzip', 'deflate', 'br'])('is a 400 for %s, not a 500', async (encoding) => {
      const before = await rows('teams');
      const response = await postTeamJson('{"name":"niet ingepakt"}').set('Content-Encoding', encoding);
      expectProblem(response, 400);
      expect(response.body.detail).toMatch(/Content-Encoding/);
      expect(await rows('teams')).toEqual(before);
    });

    it('an encoding body-parser does not know stays a 415', async () => {
      const response = await postTeamJson('{"name":"x"}').set('Content-Encoding', 'compress');
      expectProblem(response, 415);
    });
  });

  describe('deeply nested JSON', () => {
    it('refuses 2000 levels in a property with 400 naming it, not a stack overflow', async () => {
      const before = await rows('teams');
      const response = await postTeamJson(`{"name":"n","x":${nestedArrays(2000)}}`);
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([{ name: 'x', reason: 'is nested deeper than 32 levels' }]);
      expect(await rows('teams')).toEqual(before);
    });

    it('refuses a bare nested array of 200 000 levels', async () => {
      const before = await rows('teams');
      const response = await postTeamJson(nestedArrays(200_000));
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([
        { name: 'body', reason: 'is nested deeper than 32 levels' },
      ]);
      expect(await rows('teams')).toEqual(before);
    });

    it('allows 32 levels (the body is one of them) and refuses 33', async () => {
      const atLimit = await postTeamJson(`{"name":"n","x":${nestedArrays(31)}}`);
      expectProblem(atLimit, 400);
      expect(atLimit.body.invalidParams).toEqual([{ name: 'x', reason: 'is not a known property' }]);
      const overLimit = await postTeamJson(`{"name":"n","x":${nestedArrays(32)}}`);
      expectProblem(overLimit, 400);
      expect(overLimit.body.invalidParams).toEqual([
        { name: 'x', reason: 'is nested deeper than 32 levels' },
      ]);
    });
  });

  describe('objects and lists too large for the DTO validation to check', () => {
    // Validating them blocked the event loop for seconds (every unknown key named, ArrayUnique
    // comparing every pair), to answer 4 MB: refused first, naming where they are.
    const keys = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${String(i).padStart(5, '0')}`, 1]));

    it('refuses a body with 80 000 unknown keys, naming the body', async () => {
      const before = await rows('incidents');
      const response = await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({ ...keys(80_000), title: 't' });
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([
        { name: 'body', reason: 'has 80001 properties; at most 200 are taken' },
      ]);
      expect(await rows('incidents')).toEqual(before);
    });

    it('refuses a list of 120 000 team ids, naming it', async () => {
      const before = await rows('people');
      const response = await t.http
        .post('/v1/people')
        .set(bearer(org.admin.token))
        .send({
          name: 'Lijst',
          email: 'lijst@example.nl',
          accessRole: 'member',
          teamIds: Array.from({ length: 120_000 }, (_, i) => i),
        });
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([
        { name: 'teamIds', reason: 'holds 120000 items; at most 1000 are taken' },
      ]);
      expect(await rows('people')).toEqual(before);
    });

    it('refuses them nested too, and takes 200 properties and 1000 items to the DTO validation', async () => {
      const nested = await postTeamJson(
        JSON.stringify({ name: 'n', x: { y: keys(201) }, z: [Array(1001).fill(0)] }),
      );
      expectProblem(nested, 400);
      expect(nested.body.invalidParams).toEqual([
        { name: 'x.y', reason: 'has 201 properties; at most 200 are taken' },
        { name: 'z.0', reason: 'holds 1001 items; at most 1000 are taken' },
      ]);
      const atLimit = await postTeamJson(
        JSON.stringify({ name: 'n', x: { y: keys(200) }, z: Array(1000).fill(0) }),
      );
      expectProblem(atLimit, 400);
      expect(atLimit.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['x', 'z']);
    });

    it('lists the first 20 problems and says how many there were', async () => {
      const before = await rows('teams');
      const response = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .send({ name: 'Veel', ...keys(150) });
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual(
        Object.keys(keys(20)).map((name) => ({ name, reason: 'is not a known property' })),
      );
      expect(response.body.detail).toMatch(/\(150 problems; invalidParams lists the first 20\)$/);
      expect(await rows('teams')).toEqual(before);
    });
  });

  describe('a POST that takes no body refuses one, and does nothing', () => {
    let notificationId: string;
    let sessionId: string;

    beforeAll(async () => {
      const dedupeKey = `test:failed:${randomUUID()}`;
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        recipientId: org.member.id,
        channel: NotificationChannel.Email,
        target: 'mo@example.nl',
        kind: 'action-overdue',
        subjectType: 'reflection-session',
        subjectId: randomUUID(),
        dueAt: new Date('2026-03-01T08:00:00Z'),
        dedupeKey,
      });
      [{ id: notificationId }] = await t.db.query(
        `UPDATE notifications SET status = 'failed', attempts = 5, last_error = 'SMTP 451'
          WHERE dedupe_key = $1 RETURNING id`,
        [dedupeKey],
      );
      ({ sessionId } = await insertSession(t.db, {
        organisationId: org.organisationId,
        chairId: org.lead.id,
        start: new Date(t.clock.now().getTime() + 30 * 86400_000).toISOString(),
      }));
    });

    /** What each operation changes: the feed's version, the message's status, the compiled agenda. */
    const state = async () =>
      (
        await t.db.query(
          `SELECT (SELECT calendar_feed_version FROM people WHERE id = $1) AS feed,
                  (SELECT status FROM notifications WHERE id = $2) AS notification,
                  (SELECT version FROM reflection_sessions WHERE id = $3) AS session,
                  (SELECT count(*) FROM agenda_items WHERE session_id = $3)::int AS "agendaItems",
                  (SELECT count(*) FROM audit_events)::int AS audit`,
          [org.member.id, notificationId, sessionId],
        )
      )[0];

    const operations = () => [
      { path: `/v1/people/${org.member.id}/calendar-feed-rotation`, token: org.member.token },
      { path: `/v1/notifications/${notificationId}/retry`, token: org.lead.token },
      { path: `/v1/reflection-sessions/${sessionId}/agenda`, token: org.lead.token },
    ];

    it.each([
      ['application/json', '{"dryRun":true}'],
      ['application/json', '{"__proto__":{"admin":true}}'],
      ['application/json', '{"note":"nul\\u0000"}'],
      ['application/json', '{}'],
      ['text/plain', 'hallo'],
    ])('refuses %s %s with 400 naming the body', async (type, body) => {
      const before = await state();
      for (const { path, token } of operations()) {
        const response = await t.http.post(path).set(bearer(token)).set('Content-Type', type).send(body);
        expectProblem(response, 400);
        expect([path, response.body.invalidParams]).toEqual([
          path,
          [{ name: 'body', reason: 'must be left out of this POST' }],
        ]);
      }
      expect(await state()).toEqual(before);
    });

    it('acts without one', async () => {
      const before = await state();
      for (const { path, token } of operations()) await t.http.post(path).set(bearer(token)).expect(200);
      const after = await state();
      expect(after.feed).toBe(before.feed + 1);
      expect([before.notification, after.notification]).toEqual(['failed', 'pending']);
      expect(after.session).toBeGreaterThan(before.session);
    });
  });

  describe('properties named after Object.prototype members are unknown properties', () => {
    it.each([
      ['constructor', '{"name":"c1","constructor":"x"}'],
      ['__proto__', '{"name":"c2","__proto__":{"admin":true}}'],
      ['hasOwnProperty', '{"name":"c3","hasOwnProperty":"x"}'],
      ['toString', '{"name":"c4","toString":"x"}'],
      ['x.constructor', '{"name":"c5","x":{"constructor":{"prototype":{"admin":true}}}}'],
    ])('refuses %s with 400', async (name, json) => {
      const before = await rows('teams');
      const response = await postTeamJson(json);
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([{ name, reason: 'is not a known property' }]);
      expect(await rows('teams')).toEqual(before);
    });

    it('in a query too', async () => {
      const response = await t.http.get('/v1/teams?constructor=x').set(bearer(org.admin.token));
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([
        { name: 'constructor', reason: 'is not a known property' },
      ]);
    });
  });

  describe('a body that is not JSON is a 415', () => {
    it.each([
      ['text/plain', '{"name":"tp"}'],
      ['application/xml', '<team><name>xml</name></team>'],
      ['application/x-www-form-urlencoded', 'name=form'],
      [
        'multipart/form-data; boundary=b',
        '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nmp\r\n--b--\r\n',
      ],
      ['', '{"name":"empty type"}'],
      // JSON with a meaning of its own (RFC 7396 merge patch: null removes) the API does not give it.
      ['application/merge-patch+json', '{"name":"merge"}'],
      ['application/vnd.api+json', '{"name":"json api"}'],
    ])('POST with Content-Type "%s"', async (type, body) => {
      const before = await rows('teams');
      const response = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .set('Content-Type', type)
        .send(Buffer.from(body));
      expectProblem(response, 415);
      expect(response.body.invalidParams).toBeUndefined();
      expect(await rows('teams')).toEqual(before);
    });

    it('POST without any Content-Type', async () => {
      const before = await rows('teams');
      const response = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .send(Buffer.from('{"name":"no type"}'));
      expectProblem(response, 415);
      expect(await rows('teams')).toEqual(before);
    });

    it('PATCH with text/plain', async () => {
      const before = await rows('teams');
      const response = await t.http
        .patch(`/v1/teams/${teamId}`)
        .set(bearer(org.admin.token))
        .set('Content-Type', 'text/plain')
        .send('{"name":"hernoemd","version":1}');
      expectProblem(response, 415);
      expect(await rows('teams')).toEqual(before);
      const team = await t.http.get(`/v1/teams/${teamId}`).set(bearer(org.admin.token)).expect(200);
      expect(team.body.name).toBe('Bestaand');
    });

    it('keeps refusing a latin1 JSON body with 415', async () => {
      const before = await rows('teams');
      const response = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .set('Content-Type', 'application/json; charset=latin1')
        .send(Buffer.from('{"name":"latin"}'));
      expectProblem(response, 415);
      expect(await rows('teams')).toEqual(before);
    });

    it.each([
      ['utf-16le', 'utf16le'],
      ['UTF-16LE', 'utf16le'],
      ['"utf-16le"', 'utf16le'],
      ['utf-16', 'utf16le'],
      ['utf-16be', 'utf16be'],
      ['utf8', 'utf8'],
      ['utf-8; charset=utf-16le', 'utf16le'],
    ] as const)('refuses JSON with charset=%s: only UTF-8 is JSON (RFC 8259)', async (charset, encoding) => {
      const json = '{"name":"Zestien bits"}';
      const body =
        encoding === 'utf16be'
          ? Buffer.from(`\ufeff${json}`, 'utf16le').swap16()
          : Buffer.from(encoding === 'utf8' ? json : `\ufeff${json}`, encoding);
      const before = await rows('teams');
      const answer = await postTeamBytes(`application/json; charset=${charset}`, body);
      expect([answer.status, answer.type]).toEqual([
        415,
        expect.stringMatching(/application\/problem\+json/),
      ]);
      expect(answer.body.detail).toMatch(/UTF-8/);
      expect(await rows('teams')).toEqual(before);
    });

    it.each(['utf-8', 'UTF-8', '"utf-8"', '"UTF-8"'])('takes JSON with charset=%s', async (charset) => {
      const answer = await postTeamBytes(
        `application/json; charset=${charset}`,
        Buffer.from(`{"name":"Acht bits ${charset.replaceAll('"', '')}"}`),
      );
      expect(answer.status).toBe(201);
      await t.http.delete(`/v1/teams/${answer.body.id}`).set(bearer(org.admin.token)).expect(204);
    });

    it('lets requests without a body through, whatever their Content-Type', async () => {
      await t.http
        .post(`/v1/people/${org.member.id}/calendar-feed-rotation`)
        .set(bearer(org.member.token))
        .expect(200);
      await t.http
        .post(`/v1/people/${org.member.id}/calendar-feed-rotation`)
        .set(bearer(org.member.token))
        .set('Content-Type', 'text/plain')
        .expect(200);
      const doomed = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .send({ name: 'Weg' })
        .expect(201);
      await t.http.delete(`/v1/teams/${doomed.body.id}`).set(bearer(org.admin.token)).expect(204);
    });

    it('is documented for operations that take a body', async () => {
      const doc = (await t.http.get('/v1/openapi.json').expect(200)).body;
      expect(doc.paths['/teams'].post.responses['415']).toBeDefined();
      expect(doc.paths['/teams/{id}'].patch.responses['415']).toBeDefined();
    });
  });

  describe('date-times stay RFC 3339 after conversion to UTC', () => {
    it.each(['9999-12-31T23:59:59-12:00', '0001-01-01T00:30:00+01:00'])(
      'refuses expiresAt %s, whose UTC instant is outside years 0001-9999',
      async (expiresAt) => {
        const before = await rows('api_tokens');
        const response = await t.http
          .post(`/v1/people/${org.member.id}/tokens`)
          .set(bearer(org.admin.token))
          .send({ name: 'far', expiresAt });
        expectProblem(response, 400);
        expect(response.body.invalidParams).toEqual([
          { name: 'expiresAt', reason: expect.stringMatching(/RFC 3339/) },
        ]);
        expect(await rows('api_tokens')).toEqual(before);
      },
    );

    it('accepts the last moment of 9999 and returns it as RFC 3339', async () => {
      const response = await t.http
        .post(`/v1/people/${org.member.id}/tokens`)
        .set(bearer(org.admin.token))
        .send({ name: 'far', expiresAt: '9999-12-31T23:59:59+00:00' })
        .expect(201);
      expect(response.body.expiresAt).toBe('9999-12-31T23:59:59.000Z');
    });
  });

  describe('NUL and control characters and unpaired surrogates are refused, naming the field', () => {
    const CONTROL = 'contains a control character (of those, only white space is text)';

    it.each([
      ['description', 'contains a NUL character', '{"name":"a","description":"b\\u0000"}'],
      ['description', 'contains an unpaired surrogate', '{"name":"a","description":"b\\ud800"}'],
      ['name', 'contains an unpaired surrogate', '{"name":"\\udc00a"}'],
      ['x.y.1', 'contains a NUL character', '{"name":"a","x":{"y":["ok","b\\u0000"]}}'],
      // An escape sequence or a bell in a title is no text (a terminal or mail reader acts on it).
      ['name', CONTROL, '{"name":"Bel\\u0007 \\u001b[31m rood"}'],
      ['description', CONTROL, '{"name":"a","description":"b\\u007f"}'],
      ['name', CONTROL, '{"name":"Thema \\u009b31mrood"}'],
    ])('in the body: %s %s', async (name, reason, json) => {
      const before = await rows('teams');
      const response = await postTeamJson(json);
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([{ name, reason }]);
      expect(await rows('teams')).toEqual(before);
    });

    it('in a PATCH body', async () => {
      const before = await rows('teams');
      const response = await t.http
        .patch(`/v1/teams/${teamId}`)
        .set(bearer(org.admin.token))
        .set('Content-Type', 'application/json')
        .send('{"name":"nu\\u0000l","version":1}');
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([{ name: 'name', reason: 'contains a NUL character' }]);
      expect(await rows('teams')).toEqual(before);
    });

    it('takes tabs, line breaks and what a word processor pastes (vertical tab, form feed) as text', async () => {
      const response = await postTeamJson(
        '{"name":"Tab\\tteam","description":"Regel 1\\r\\nRegel 2\\u000bRegel 3\\u000cPagina 2"}',
      );
      expect(response.status).toBe(201);
      await t.http.delete(`/v1/teams/${response.body.id}`).set(bearer(org.admin.token)).expect(204);
    });

    it('in a query', async () => {
      const before = await rows('teams');
      const response = await t.http.get('/v1/teams?name=x%00y').set(bearer(org.admin.token));
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([{ name: 'name', reason: 'contains a NUL character' }]);
      expect(await rows('teams')).toEqual(before);
    });

    it('says a field left out is required, instead of listing every rule it breaks', async () => {
      const response = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .send({ description: 'Zonder naam' })
        .expect(400);
      expectProblem(response, 400);
      expect(response.body.invalidParams).toEqual([{ name: 'name', reason: 'is required' }]);
      // A field that is there but wrong still gets its rules.
      const wrong = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .send({ name: 12 })
        .expect(400);
      expect(wrong.body.invalidParams.length).toBeGreaterThan(0);
      for (const param of wrong.body.invalidParams)
        expect(param).toEqual({ name: 'name', reason: expect.not.stringMatching(/required/) });
      const empty = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .send({ name: null })
        .expect(400);
      expect(empty.body.invalidParams[0]).toEqual({
        name: 'name',
        reason: expect.not.stringMatching(/required/),
      });
    });

    it('names a query parameter given twice, instead of saying it must be a string', async () => {
      for (const [path, name] of [
        ['/v1/incidents?tag=a&tag=b', 'tag'],
        ['/v1/teams?name=a&name=b', 'name'],
        ['/v1/incidents?page=1&page=2', 'page'],
      ]) {
        const response = await t.http.get(path).set(bearer(org.admin.token));
        expectProblem(response, 400);
        expect(response.body.invalidParams).toEqual([
          {
            name,
            reason:
              'is given more than once; give it once (a filter that takes several values takes them comma-separated, as in severity=high,critical)',
          },
        ]);
      }
    });

    it('keeps a paired surrogate (an emoji)', async () => {
      const response = await postTeamJson('{"name":"team \\ud83d\\ude80"}').expect(201);
      expect(response.body.name).toBe('team \u{1F680}');
    });
  });

  describe('authentication answers first: an anonymous caller learns nothing of the validation', () => {
    // Its own api: each refusal here counts as a failed authentication (AUTH_FAILURE_LIMIT a minute).
    let anon: TestApp;
    beforeAll(async () => {
      anon = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '1000' } });
    });
    afterAll(() => anon.close());

    /** Without a token, with one that does not exist, and with one of the wrong form. */
    const credentials = [undefined, `Bearer llt_${'x'.repeat(43)}`, 'Bearer nope'];

    const refusedAsUnauthenticated = async (send: (authorization?: string) => Promise<Response>) => {
      for (const authorization of credentials) {
        const response = await send(authorization);
        expectProblem(response, 401);
        expect([authorization, response.body.invalidParams]).toEqual([authorization, undefined]);
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }
    };
    const authorised = <T extends { set(name: string, value: string): T }>(req: T, authorization?: string) =>
      authorization ? req.set('Authorization', authorization) : req;

    it('for an invalid body: malformed JSON, a wrong field, a body where none is taken, not JSON', async () => {
      const before = await anon.db.query('SELECT count(*)::int AS n FROM teams');
      await refusedAsUnauthenticated((a) =>
        authorised(anon.http.post('/v1/teams'), a).set('Content-Type', 'application/json').send('{"name": '),
      );
      await refusedAsUnauthenticated((a) =>
        authorised(anon.http.post('/v1/teams'), a).send({ colour: 'red' }),
      );
      await refusedAsUnauthenticated((a) =>
        authorised(anon.http.delete(`/v1/teams/${randomUUID()}`), a).send({ dryRun: true }),
      );
      await refusedAsUnauthenticated((a) =>
        authorised(anon.http.post('/v1/teams'), a).set('Content-Type', 'text/plain').send('name=x'),
      );
      expect(await anon.db.query('SELECT count(*)::int AS n FROM teams')).toEqual(before);
    });

    it('for an invalid query: an unknown parameter, a malformed one, a bad value, a bad Accept', async () => {
      await refusedAsUnauthenticated((a) => authorised(anon.http.get('/v1/teams?dryRun=1'), a));
      await refusedAsUnauthenticated((a) => authorised(anon.http.get('/v1/teams?name=Ren%E9'), a));
      await refusedAsUnauthenticated((a) => authorised(anon.http.get('/v1/teams?pageSize=abc'), a));
      await refusedAsUnauthenticated((a) =>
        authorised(anon.http.get('/v1/teams').set('Accept', 'text/xml'), a),
      );
    });

    it('for an invalid path parameter', async () => {
      await refusedAsUnauthenticated((a) => authorised(anon.http.get('/v1/teams/not-a-uuid'), a));
      await refusedAsUnauthenticated((a) => authorised(anon.http.get('/v1/teams/%C3%28'), a));
    });

    it('while a public route and a caller with a token are still told what is wrong', async () => {
      expectProblem(await anon.http.get('/v1/health?verbose=1'), 400);
      expectProblem(await anon.http.get('/v1/health').send({ deep: true }), 400);
      const refused = await t.http.get('/v1/teams?dryRun=1').set(bearer(org.admin.token));
      expectProblem(refused, 400);
      expect(refused.body.invalidParams).toEqual([{ name: 'dryRun', reason: 'is not a known property' }]);
      const path = await t.http.get('/v1/teams/%C3%28').set(bearer(org.admin.token));
      expectProblem(path, 400);
      expect(path.body.invalidParams).toEqual([{ name: 'path', reason: 'must be percent-encoded UTF-8' }]);
    });
  });
});
