import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Script } from 'node:vm';
import { createOrganisation } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const RULESET = resolve(__dirname, '../../shared/checks/nlgov-adr-ruleset.yaml');
/**
 * The official ruleset lives beside the repository in the project's workspace (and CI). A clone
 * elsewhere has no copy: there, on an ordinary `npm test`, the linter's test is skipped; in CI its
 * absence fails.
 */
const withRuleset = existsSync(RULESET) || process.env.CI ? it : it.skip;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * The only properties that may be a plain `number`: real fractions (shares, ratios, medians).
 * Every other numeric property is a count, a version, minutes, a year... and must be `integer`.
 */
const FRACTIONAL = [
  'learningRate',
  'medianDaysToValidatedLesson',
  'p90DaysToValidatedLesson',
  'protectedShare',
  'protectedTimeRatio',
  'learningShareOfAgendaTime',
  'themeShareOfAgendaTime',
  'similarity',
  'previousProtectedTimeRatio',
];

/** Every schema or parameter of the document with the JSON path to it, except the Problem schema. */
function schemasIn(node: unknown, path: string, found: { path: string; schema: any }[] = []) {
  if (Array.isArray(node)) node.forEach((child, i) => schemasIn(child, `${path}[${i}]`, found));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string') found.push({ path, schema: record });
    for (const [key, child] of Object.entries(record)) schemasIn(child, `${path}.${key}`, found);
  }
  return found;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: any;

  beforeAll(async () => {
    t = await startTestApp();
    const response = await t.http.get('/v1/openapi.json').expect(200);
    expect(response.headers['api-version']).toBe('1.0.0');
    doc = response.body;
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ path, method, op: op as any })),
    );

  it('can be read from any origin, as the API rules ask of a published document', async () => {
    const response = await t.http
      .get('/v1/openapi.json')
      .set('Origin', 'https://developer.overheid.nl')
      .expect(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('is JSON only: an Accept that allows none of it gets 406, as every resource', async () => {
    const refused = await t.http.get('/v1/openapi.json').set('Accept', 'text/html').expect(406);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.get('/v1/openapi.json').set('Accept', 'application/json;charset=UTF-8').expect(200);
    await t.http.get('/v1/openapi.json').set('Accept', 'text/html, */*;q=0.1').expect(200);
    // The registered OpenAPI media type is JSON too.
    const registered = await t.http
      .get('/v1/openapi.json')
      .set('Accept', 'application/vnd.oai.openapi+json;version=3.0')
      .expect(200);
    expect(registered.headers['content-type']).toMatch(/^application\/vnd\.oai\.openapi\+json/);
    expect(registered.headers.vary).toMatch(/\bAccept\b/);
  });

  it('is served without a token, with complete contact and a semver version', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.info.contact).toEqual({
      name: expect.any(String),
      url: expect.any(String),
      email: expect.any(String),
    });
    expect(doc.servers[0].url).toBe('/v1');
  });

  it('has only kebab-case paths without trailing slashes', () => {
    for (const path of Object.keys(doc.paths)) {
      expect(path).toMatch(/^(\/([a-z0-9-]+|\{[a-zA-Z]+\}))+$/);
    }
  });

  it('has only camelCase query parameters', () => {
    for (const { op } of operations()) {
      for (const parameter of op.parameters ?? []) {
        if (parameter.in === 'query') expect(parameter.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      }
    }
  });

  it('gives every query parameter a type (an untyped default once made `page` an empty object)', () => {
    const schemas = doc.components.schemas;
    for (const { path, method, op } of operations()) {
      for (const parameter of op.parameters ?? []) {
        const schema = parameter.schema ?? {};
        const type =
          schema.type ?? schema.items?.type ?? (schema.$ref && schemas[schema.$ref.split('/').pop()].type);
        expect([path, method, parameter.name, type]).toEqual([
          path,
          method,
          parameter.name,
          expect.any(String),
        ]);
        expect([path, method, parameter.name, schema.allOf]).toEqual([
          path,
          method,
          parameter.name,
          undefined,
        ]);
      }
    }
    const page = doc.paths['/incidents'].get.parameters.find((p: { name: string }) => p.name === 'page');
    expect(page.schema).toEqual(expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100000 }));
    expect(Object.keys(schemas)).not.toContain('Object');
  });

  it('documents every property a request DTO checks with @IsInt as integer, @ArrayUnique as uniqueItems, and its decimals in words', () => {
    const storage = getMetadataStorage();
    const checked: string[] = [];
    const wrong: unknown[] = [];
    const unique = new Set<string>();
    const claimed = new Set<string>();
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (typeof metatype !== 'function') continue;
        const prototype = metatype.prototype as object;
        for (const method of Object.getOwnPropertyNames(prototype)) {
          const op = operations().find(
            ({ op }) => op.operationId === `${metatype.name.replace(/Controller$/, '')}_${method}`,
          )?.op;
          if (!op) continue;
          const body = op.requestBody?.content?.['application/json']?.schema?.$ref?.split('/').pop();
          const types: unknown[] = Reflect.getMetadata('design:paramtypes', prototype, method) ?? [];
          for (const dto of types) {
            if (typeof dto !== 'function') continue;
            for (const rule of storage.getTargetValidationMetadatas(dto, '', false, false)) {
              const documented =
                (body && doc.components.schemas[body]?.properties?.[rule.propertyName]) ??
                op.parameters?.find((p: { name: string }) => p.name === rule.propertyName)?.schema;
              const where = `${op.operationId} ${dto.name}.${rule.propertyName}`;
              if (rule.name === 'isInt') {
                checked.push(where);
                if (documented?.type !== 'integer') wrong.push([where, documented]);
              }
              // A body the document allows is not refused: a list that may not repeat says so.
              if (rule.name === 'arrayUnique') {
                checked.push(where);
                unique.add(where);
                if (documented?.uniqueItems !== true) wrong.push([where, documented]);
              }
              if (documented?.uniqueItems === true) claimed.add(where);
              const decimals = (rule.constraints?.[0] as { maxDecimalPlaces?: number })?.maxDecimalPlaces;
              if (['isNumber', 'maxDecimalPlaces'].includes(rule.name ?? '') && decimals !== undefined) {
                checked.push(where);
                // In words, not as multipleOf: 0.57 / 0.001 is 569.999… in floating point, and
                // validators built from the document (ajv) would refuse what the api accepts.
                if (!new RegExp(`at most ${decimals} decimals`, 'i').test(documented?.description ?? ''))
                  wrong.push([where, documented]);
              }
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect([...claimed].filter((where) => !unique.has(where))).toEqual([]);
    // The walk really reached bodies (version, durationMinutes, protectedShare) and queries (page).
    for (const expected of [
      'Incidents_update UpdateIncidentDto.version',
      'ReflectionSeries_create CreateReflectionSeriesDto.durationMinutes',
      'ReflectionSeries_update UpdateReflectionSeriesDto.protectedShare',
      'AgendaItems_create CreateAgendaItemDto.timeboxMinutes',
      'Reports_create CreateReportSnapshotDto.year',
      'WebhookSubscriptions_create CreateWebhookSubscriptionDto.events',
      'ReflectionSeries_create CreateReflectionSeriesDto.participantIds',
    ])
      expect(checked).toContain(expected);
    expect(checked.some((where) => /\.page$/.test(where))).toBe(true);
  });

  it('documents counts, versions, minutes, years and quarters as integer: number only for fractions', () => {
    const numbers = schemasIn(doc, '$')
      .filter(({ schema }) => schema.type === 'number')
      .map(({ path }) => path)
      .filter((path) => !FRACTIONAL.includes(path.split('.').pop()!));
    expect(numbers).toEqual([]);
    const schemas = doc.components.schemas;
    for (const [schema, property] of [
      ['IncidentDto', 'version'],
      ['ReflectionSeriesDto', 'durationMinutes'],
      ['AgendaItemDto', 'timeboxMinutes'],
      ['AgendaItemDto', 'position'],
      ['ReflectionSessionDto', 'icalSequence'],
      ['NotificationDto', 'attempts'],
      ['QuarterFiguresDto', 'year'],
      ['QuarterFiguresDto', 'quarter'],
      ['ReportSnapshotSummaryDto', 'quarter'],
      ['AgendaDto', 'protectedMinutes'],
      ['IncidentFiguresDto', 'total'],
    ])
      expect([schema, property, schemas[schema].properties[property].type]).toEqual([
        schema,
        property,
        'integer',
      ]);
    for (const schema of ['ReflectionSeriesDto', 'CreateReflectionSeriesDto', 'UpdateReflectionSeriesDto'])
      expect([schema, schemas[schema].properties.protectedShare]).toEqual([
        schema,
        expect.objectContaining({
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: expect.stringMatching(/at most 3 decimals/i),
        }),
      ]);
    expect(JSON.stringify(doc)).not.toContain('multipleOf');
  });

  it('documents 503 with Retry-After on every operation', () => {
    expect(doc.components.headers['Retry-After'].schema.type).toBe('integer');
    for (const { path, method, op } of operations()) {
      const unavailable = op.responses['503'];
      expect([path, method, unavailable?.headers?.['Retry-After']]).toEqual([
        path,
        method,
        expect.anything(),
      ]);
      expect(Object.keys(unavailable.content)).toEqual(['application/problem+json']);
    }
  });

  it('documents every id in a path as a UUID, and 406 where an answer has a body', () => {
    for (const { path, method, op } of operations()) {
      for (const parameter of op.parameters ?? []) {
        if (parameter.in !== 'path') continue;
        const expected = parameter.name === 'token' ? undefined : 'uuid';
        expect([path, parameter.name, parameter.schema.format]).toEqual([path, parameter.name, expected]);
      }
      const hasBody = Object.entries(op.responses).some(
        ([status, r]: [string, any]) => status.startsWith('2') && r.content,
      );
      expect([path, method, op.responses['406'] !== undefined]).toEqual([path, method, hasBody]);
    }
  });

  it('documents 304 (with API-Version and ETag) on every GET and ETag on its 200', () => {
    const gets = operations().filter(({ method }) => method === 'get');
    expect(gets.length).toBeGreaterThan(30);
    for (const { path, op } of gets) {
      const notModified = op.responses['304'];
      expect([path, notModified?.content]).toEqual([path, undefined]);
      expect([path, Object.keys(notModified.headers ?? {}).sort()]).toEqual([path, ['API-Version', 'ETag']]);
      expect([path, op.responses['200'].headers?.ETag]).toEqual([
        path,
        { $ref: '#/components/headers/ETag' },
      ]);
    }
    for (const { path, method, op } of operations().filter(({ method }) => method !== 'get'))
      expect([path, method, op.responses['304']]).toEqual([path, method, undefined]);
  });

  it('documents ETag on every answer with a body, as a write answers it too', async () => {
    for (const { path, method, op } of operations())
      for (const [status, response] of Object.entries(op.responses) as [string, any][])
        if (/^2/.test(status) && response.content)
          expect([path, method, status, response.headers?.ETag]).toEqual([
            path,
            method,
            status,
            { $ref: '#/components/headers/ETag' },
          ]);
    const created = await t.http
      .post('/v1/organisations')
      .set('Authorization', `Bearer ${t.systemToken}`)
      .send({ name: 'Provincie Drenthe', kind: 'provincie' })
      .expect(201);
    expect(created.headers.etag).toEqual(expect.any(String));
    const changed = await t.http
      .patch(`/v1/organisations/${created.body.id}`)
      .set('Authorization', `Bearer ${t.systemToken}`)
      .send({ version: created.body.version, name: 'Provincie Drenthe (Assen)' })
      .expect(200);
    expect(changed.headers.etag).toEqual(expect.any(String));
  });

  it('documents Content-Disposition on the CSV answers, as they name a download', async () => {
    const csv = operations().filter(({ op }) =>
      Object.entries(op.responses).some(
        ([status, r]: [string, any]) => /^2/.test(status) && r.content?.['text/csv'],
      ),
    );
    expect(csv.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
      'get /reports/quarterly',
      'get /reports/quarterly-snapshots/{id}',
    ]);
    for (const { path, op } of csv)
      expect([path, op.responses['200'].headers?.['Content-Disposition']]).toEqual([
        path,
        { $ref: '#/components/headers/Content-Disposition' },
      ]);
    expect(doc.components.headers['Content-Disposition'].description).toMatch(/text\/csv/);
    const org = await createOrganisation(t.http, t.systemToken);
    const report = await t.http
      .get('/v1/reports/quarterly?year=2026&quarter=3')
      .set('Authorization', `Bearer ${org.lead.token}`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(report.headers['content-disposition']).toBe('attachment; filename="quarterly-report-2026-q3.csv"');
  });

  it('says that sorting by relevance needs q, as a list without it refuses that sort', async () => {
    const org = await createOrganisation(t.http, t.systemToken);
    for (const path of ['/incidents', '/lessons', '/best-practices']) {
      const sort = doc.paths[path].get.parameters.find((p: { name: string }) => p.name === 'sort');
      expect([path, sort.schema.enum ?? sort.schema.items?.enum]).toEqual([
        path,
        expect.arrayContaining(['relevance']),
      ]);
      expect([path, sort.description]).toEqual([
        path,
        expect.stringMatching(/relevance needs a search text in q/),
      ]);
      const refused = await t.http
        .get(`/v1${path}?sort=relevance`)
        .set('Authorization', `Bearer ${org.admin.token}`);
      expect([path, refused.status, refused.body.invalidParams]).toEqual([
        path,
        400,
        [{ name: 'sort', reason: 'relevance needs a search text (q)' }],
      ]);
    }
  });

  it('documents 413 and 415 where a body is taken; a GET or DELETE with a body gets 400 and changes nothing', async () => {
    // The writes that take none answer a body with 400 before reading it (refuseBodyWhereNoneIsTaken).
    expect(
      operations()
        .filter(({ method, op }) => ['post', 'put', 'patch'].includes(method) && !op.requestBody)
        .map(({ method, path }) => `${method} ${path}`)
        .sort(),
    ).toEqual([
      'post /notifications/{id}/retry',
      'post /people/{id}/calendar-feed-rotation',
      'post /reflection-sessions/{id}/agenda',
    ]);
    for (const { path, method, op } of operations()) {
      const takesBody = op.requestBody !== undefined;
      expect([path, method, op.responses['413'] !== undefined, op.responses['415'] !== undefined]).toEqual([
        path,
        method,
        takesBody,
        takesBody,
      ]);
    }
    const created = await t.http
      .post('/v1/organisations')
      .set('Authorization', `Bearer ${t.systemToken}`)
      .send({ name: 'Provincie Zonder Body', kind: 'provincie' })
      .expect(201);
    for (const [method, body, type] of [
      ['get', 'hallo', 'text/plain'],
      ['delete', '{"dryRun":true}', 'application/json'],
    ] as const) {
      const refused = await t.http[method](`/v1/organisations/${created.body.id}`)
        .set('Authorization', `Bearer ${t.systemToken}`)
        .set('Content-Type', type)
        .send(body);
      expect([method, refused.status, refused.body.invalidParams]).toEqual([
        method,
        400,
        [{ name: 'body', reason: `must be left out of a ${method.toUpperCase()}` }],
      ]);
    }
    // The DELETE with a body deleted nothing.
    await t.http
      .get(`/v1/organisations/${created.body.id}`)
      .set('Authorization', `Bearer ${t.systemToken}`)
      .expect(200);
  });

  it('documents Location (a URI reference) on every 201 whose resource has a path of its own that can be read', () => {
    expect(doc.components.headers.Location.schema).toEqual(
      expect.objectContaining({ type: 'string', format: 'uri-reference' }),
    );
    const created = operations().filter(({ op }) => op.responses['201']);
    expect(created.length).toBeGreaterThan(10);
    const paths = Object.keys(doc.paths);
    for (const { path, op } of created) {
      const itemPath = paths.some(
        (other) =>
          new RegExp(`^${path.replace(/[{}]/g, '\\$&')}/\\{[^/}]+\\}$`).test(other) && doc.paths[other].get,
      );
      expect([path, op.responses['201'].headers?.Location]).toEqual([
        path,
        itemPath ? { $ref: '#/components/headers/Location' } : undefined,
      ]);
    }
    // A lesson's re-check has no path of its own: no Location, at runtime either.
    expect(doc.paths['/lessons/{id}/rechecks'].post.responses['201'].headers.Location).toBeUndefined();
    expect(doc.paths['/teams'].post.responses['201'].headers.Location).toBeDefined();
    // A role assignment, a token and an adoption are changed or deleted at their path, not read there.
    for (const path of [
      '/chains/{chainId}/role-assignments',
      '/people/{personId}/tokens',
      '/best-practices/{bestPracticeId}/adoptions',
    ])
      expect([path, doc.paths[path].post.responses['201'].headers.Location]).toEqual([path, undefined]);
    // Of an adoption only the result changes: the body takes result and version, nothing else.
    const adoption = doc.paths['/best-practices/{bestPracticeId}/adoptions/{id}'];
    expect(
      Object.keys(adoption)
        .filter((key) => METHODS.includes(key))
        .sort(),
    ).toEqual(['delete', 'patch']);
    const body = adoption.patch.requestBody.content['application/json'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    expect(Object.keys(schema.properties).sort()).toEqual(['result', 'version']);
    expect(schema.properties.result.maxLength).toBe(20000);
    expect(adoption.patch.responses['200']).toBeDefined();
    expect(adoption.patch.responses['409']).toBeDefined();
    expect(adoption.patch.description).toMatch(/adoptedAt/);
  });

  it('answers a GET with 304 and API-Version when If-None-Match matches its ETag, as documented', async () => {
    const first = await t.http.get('/v1/people').set('Authorization', `Bearer ${t.systemToken}`).expect(200);
    expect(first.headers.etag).toEqual(expect.any(String));
    const again = await t.http
      .get('/v1/people')
      .set('Authorization', `Bearer ${t.systemToken}`)
      .set('If-None-Match', first.headers.etag)
      .expect(304);
    expect(again.headers['api-version']).toBe('1.0.0');
    expect(doc.paths['/people'].get.responses['304']).toBeDefined();
  });

  it('documents what a conflict carries', () => {
    expect(Object.keys(doc.components.schemas.Problem.properties)).toEqual(
      expect.arrayContaining(['allowedNextStates', 'currentVersion', 'invalidParams']),
    );
  });

  it('declares API-Version on every 2xx and problem+json on every 4xx/5xx', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses) as [string, any][]) {
        if (/^2/.test(status))
          expect([path, method, status, response.headers?.['API-Version']]).toEqual([
            path,
            method,
            status,
            expect.anything(),
          ]);
        if (/^[45]/.test(status))
          expect([path, method, status, Object.keys(response.content)]).toEqual([
            path,
            method,
            status,
            ['application/problem+json'],
          ]);
      }
      for (const status of ['400', '404'])
        expect([path, method, status in op.responses]).toEqual([path, method, true]);
      if (op.security?.length)
        for (const status of ['401', '403']) expect(op.responses[status]).toBeDefined();
    }
  });

  it('lists null among the values of every nullable enumeration (OAS 3.0 nullable does not widen an enum)', () => {
    const nullableEnums = schemasIn(doc, '$').filter(({ schema }) => schema.nullable && schema.enum);
    expect(nullableEnums.map(({ path }) => path)).toEqual(
      expect.arrayContaining([expect.stringContaining('LessonDto.properties.response')]),
    );
    for (const { path, schema } of nullableEnums)
      expect([path, schema.enum]).toEqual([path, expect.arrayContaining([null])]);
  });

  it('calls tokens opaque, not JWT, and promises a PATCH only where there is one', () => {
    expect(doc.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ scheme: 'bearer', bearerFormat: 'opaque' }),
    );
    const promising = Object.entries(doc.components.schemas)
      .filter(([, schema]: [string, any]) =>
        /Send it back with a PATCH/.test(schema.properties?.version?.description ?? ''),
      )
      .map(([name]) => name);
    expect(promising).toEqual([]);
  });

  it('asks for a token everywhere except health, the document and calendar feeds', () => {
    const open = operations()
      .filter(({ op }) => !op.security?.length)
      .map(({ path }) => path);
    for (const path of open) expect(path).toMatch(/^\/(health|calendar-feeds\/.*)$/);
  });

  // Spectral is a process of its own: 20 s alone, a minute or more on a busy machine.
  withRuleset(
    'gives 0 errors on the official NLGov API Design Rules linter (Spectral)',
    async () => {
      expect(existsSync(RULESET)).toBe(true);
      const file = join(mkdtempSync(join(tmpdir(), 'leerlus-oas-')), 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const spectral = resolve(__dirname, '../node_modules/.bin/spectral');
      const result = await promisify(execFile)(
        spectral,
        ['lint', '-r', RULESET, '-f', 'json', '--quiet', file],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
      const findings: { code: string; severity: number; path: string[]; message: string }[] = JSON.parse(
        result.stdout || '[]',
      );
      const errors = findings
        .filter((f) => f.severity === 0)
        .map((f) => `${f.code} at ${f.path.join('.')}: ${f.message}`);
      expect(errors).toEqual([]);
    },
    180_000,
  );

  it('serves Swagger UI at /v1/docs', async () => {
    const response = await t.http.get('/v1/docs/').expect(200);
    expect(response.text).toContain('swagger');
  });

  it('gives Swagger UI a script that runs and holds the whole document', async () => {
    // The library pastes the document into its script with String.replace, where `$'` or `$&`
    // in the document (a pattern's character class) splice the template in: a blank page.
    const script = (await t.http.get('/v1/docs/swagger-ui-init.js').expect(200)).text;
    let shown: { spec?: unknown } | undefined;
    const window = { location: { search: '', origin: 'http://localhost' }, onload: () => {} };
    const SwaggerUIBundle = Object.assign(
      (options: { spec?: unknown }) => {
        shown = options;
        return {};
      },
      { presets: { apis: {} }, plugins: { DownloadUrl: {} } },
    );
    new Script(script).runInNewContext({ window, SwaggerUIBundle, SwaggerUIStandalonePreset: {} });
    window.onload();
    const document = (await t.http.get('/v1/openapi.json').expect(200)).body;
    expect(shown?.spec).toEqual(document);
  });
});
