import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const METHODS = ['post', 'put', 'patch', 'delete', 'get'] as const;
const HOSTILE = [
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '{{7*7}}',
  'nul\u0000byte',
  'x'.repeat(20_000),
];
const NOT_A_UUID = ['not-a-uuid', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g'];

type Operation = { path: string; method: (typeof METHODS)[number]; op: any };

/** Values of every wrong kind for a schema property. */
function wrongValues(schema: any): unknown[] {
  const values: unknown[] = [
    {},
    [12],
    ...(schema?.type === 'number' || schema?.type === 'integer' ? ['12abc'] : [12345]),
  ];
  if (schema?.type !== 'boolean') values.push(true);
  if (schema?.maxLength) values.push('y'.repeat(schema.maxLength + 1));
  if (schema?.enum) values.push('not-an-enum-value');
  if (schema?.format === 'date') values.push('31-12-2026', '2026-02-30');
  if (schema?.format === 'date-time') values.push('2026-13-01T25:61:00', 'yesterday');
  return values;
}

/**
 * A burst of invalid and hostile input generated from the OpenAPI document: wrong types, huge
 * strings, unknown fields, injection strings, invalid UTF-8, malformed ids. Never a 500, always
 * problem details, and nothing written.
 */
describe('drill: hostile input from the OpenAPI document', () => {
  let t: TestApp;
  let org: OrgFixture;
  let operations: Operation[];
  let schemas: Record<string, any>;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    const doc = (await t.http.get('/v1/openapi.json').expect(200)).body;
    schemas = doc.components.schemas;
    operations = Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
    );
  });
  afterAll(() => t.close());

  const counts = async () =>
    (await t.db.query(`SELECT relname, n_live_tup::int AS n FROM pg_stat_user_tables ORDER BY relname`))
      .length &&
    (await t.db.query(
      `SELECT (SELECT count(*) FROM audit_events)::int AS audit, (SELECT count(*) FROM incidents)::int AS incidents,
              (SELECT count(*) FROM lessons)::int AS lessons, (SELECT count(*) FROM actions)::int AS actions,
              (SELECT count(*) FROM teams)::int AS teams, (SELECT count(*) FROM people)::int AS people,
              (SELECT count(*) FROM chains)::int AS chains, (SELECT count(*) FROM notifications)::int AS notifications,
              (SELECT count(*) FROM reflection_series)::int AS series, (SELECT count(*) FROM webhook_subscriptions)::int AS webhooks`,
    ));

  const call = (method: string, url: string) => (t.http as any)[method](url);

  function resolve(schema: any): any {
    if (schema?.$ref) return schemas[schema.$ref.split('/').pop()];
    return schema;
  }

  function concretePath(path: string, id: string): string {
    return `/v1${path.replace(/\{[^}]+\}/g, id)}`;
  }

  it('answers every operation with 4xx problem details, never a 500, and writes nothing', async () => {
    const before = await counts();
    const failures: string[] = [];
    let sent = 0;
    /** `mustFail`: the input is invalid, so only a 4xx is right; otherwise a 2xx is fine too. */
    const check = async (label: string, request: Promise<any>, mustFail = true) => {
      const response = await request;
      sent += 1;
      const problem = /^application\/problem\+json/.test(response.headers['content-type'] ?? '');
      const wrong = mustFail ? response.status < 400 || !problem : response.status >= 400 && !problem;
      if (response.status >= 500 || wrong) {
        failures.push(`${label} -> ${response.status} ${response.headers['content-type']}`);
      }
    };
    for (const { path, method, op } of operations) {
      const hasPathParams = path.includes('{');
      const tokens = [org.member.token, org.admin.token];
      // Malformed ids in the path.
      if (hasPathParams) {
        for (const bad of NOT_A_UUID) {
          const url = concretePath(path, encodeURIComponent(bad));
          await check(`${method} ${url}`, call(method, url).set(bearer(org.admin.token)).send({}));
        }
      }
      const url = concretePath(path, '7b0c3c1e-1111-4111-8111-111111111111');
      // Wrong query parameter values: typed parameters must refuse them; free text may match nothing.
      for (const parameter of (op.parameters ?? []).filter((p: any) => p.in === 'query')) {
        const schema = resolve(parameter.schema) ?? {};
        const typed = Boolean(
          schema.enum ||
          schema.items?.enum ||
          schema.format ||
          ['integer', 'number', 'boolean'].includes(schema.type),
        );
        const values = typed ? ['{}', '[12]', '12abc', 'true-ish', '-1e999'] : HOSTILE;
        for (const value of values) {
          await check(
            `${method} ${url}?${parameter.name}=${value.slice(0, 20)}`,
            call(method, `${url}?${parameter.name}=${encodeURIComponent(value)}`).set(
              bearer(org.admin.token),
            ),
            typed,
          );
        }
      }
      const body = resolve(op.requestBody?.content?.['application/json']?.schema);
      if (!body || method === 'get' || method === 'delete') continue;
      for (const token of tokens) {
        // Unknown fields and a whole body of the wrong type.
        await check(
          `${method} ${url} unknown`,
          call(method, url).set(bearer(token)).send({ unexpected: 'x', __proto__x: 1 }),
        );
        await check(`${method} ${url} array`, call(method, url).set(bearer(token)).send([1, 2, 3]));
        // Invalid UTF-8 and a 900 KB string.
        await check(
          `${method} ${url} bad utf-8`,
          call(method, url)
            .set(bearer(token))
            .set('Content-Type', 'application/json')
            .send(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d])),
        );
        await check(
          `${method} ${url} huge`,
          call(method, url)
            .set(bearer(token))
            .send({ title: 'z'.repeat(900 * 1024) }),
        );
        // Every property with every kind of wrong value; hostile strings ride along with an unknown
        // field, so the body as a whole is invalid (alone, such a string is a valid title and is
        // stored literally: every query is parameterised).
        for (const [name, property] of Object.entries(body.properties ?? {})) {
          for (const value of wrongValues(resolve(property))) {
            await check(
              `${method} ${url} ${name}`,
              call(method, url)
                .set(bearer(token))
                .send({ [name]: value }),
            );
          }
          for (const value of HOSTILE) {
            await check(
              `${method} ${url} ${name} hostile`,
              call(method, url)
                .set(bearer(token))
                .send({ [name]: value, unexpected: 1 }),
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
    expect(await counts()).toEqual(before);
  }, 300_000);
});
