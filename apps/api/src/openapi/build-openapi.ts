import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_VERSION } from '../http/api-version';
import { WEBHOOK_PAYLOAD_SCHEMAS } from './webhook-payload-schemas';

type Operation = {
  responses: Record<string, any>;
  parameters?: unknown[];
  security?: unknown[];
  requestBody?: unknown;
  'x-public'?: boolean;
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'urn:leerlus:problem:validation-failed' },
    title: { type: 'string', example: 'Bad request' },
    status: { type: 'integer', example: 400 },
    detail: {
      type: 'string',
      example: 'The request is not valid: title must be shorter than or equal to 300 characters',
    },
    instance: { type: 'string', example: '/v1/incidents' },
    invalidParams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'reason'],
        properties: { name: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    allowedNextStates: {
      type: 'array',
      items: { type: 'string' },
      description: 'Only on 409 for a status change that is not allowed: the states it may go to from here',
      example: ['analysing'],
    },
    currentEtag: {
      type: 'string',
      description:
        'Only on 412: the ETag of the representation as it is now, to read again and send in If-Match',
      example: '"2c1-Hq0e3kDg0Zl9nCmuqGc1x7bq1Xo"',
    },
    currentVersion: {
      type: 'integer',
      description: 'Only on 409 for a stale version: the version to read again and send',
      example: 3,
    },
    errorId: { type: 'string', description: 'Only on 500: the id under which the error was logged' },
  },
};

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400':
    'Invalid input: a malformed value, an unknown property or query parameter, a bad id, or a body where none is taken',
  '401': 'No valid API token; answered before anything about the path, query, body or Accept is checked',
  '403': 'Your role does not allow this',
  '404': 'Not found (or it belongs to another organisation)',
  '406': 'The Accept header allows none of the media types this answer comes in',
  '409': 'Conflict: a stale version, a transition that is not allowed, or a duplicate',
  '412':
    'If-Match names no current representation of the resource (it changed since, or the tag is weak): nothing was changed; currentEtag names the current one',
  '413': 'The request body is larger than 1 MiB',
  '415': 'The request body is not JSON: send it as application/json',
  '422': 'A referenced id does not exist in your organisation',
  '429': 'Too many failed authentication attempts',
  '500': 'Unexpected error; the problem carries an error id',
  '503': 'A backing service (Postgres, Redis) is unavailable; try again after Retry-After seconds',
};

const HEADERS = {
  'API-Version': {
    description: 'The full semantic version of the API',
    schema: { type: 'string', example: API_VERSION },
  },
  ETag: {
    description:
      'A validator of this representation (strong, of its bytes; weak on a report, of its figures): send it back in ' +
      'If-None-Match to get 304 while it is unchanged, or in If-Match to change or delete the resource only while it is',
    schema: { type: 'string', example: '"2c1-Hq0e3kDg0Zl9nCmuqGc1x7bq1Xo"' },
  },
  'Content-Disposition': {
    description: 'Only on the text/csv representation: `attachment`, with the name to save the file under',
    schema: { type: 'string', example: 'attachment; filename="quarterly-report-2026-q3.csv"' },
  },
  Location: {
    description: 'The URL of the created resource',
    schema: {
      type: 'string',
      format: 'uri-reference',
      example: '/v1/incidents/0b7ae5d4-3c1f-4e59-9a51-2f5d7c0e8a13',
    },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 0, example: 5 },
  },
};

const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'Change or delete the resource only while it is as you read it: the ETag its GET gave you (several may be ' +
    'listed), or * for whatever it is now. Compared strongly (RFC 9110 §13.1.1): a weak W/"…" tag never matches. ' +
    'Otherwise 412, naming the current ETag, and nothing changes; a change made by someone else while this one ' +
    'waited is a 412 too. It is compared after who may see and change the resource: a write refused without it ' +
    '(404, 403) is refused alike with it (RFC 9110 §13.2.1). A resource without a GET of its own has no ETag to ' +
    'name: only * matches. A POST action (such as /notifications/{id}/retry) is compared with the resource it acts ' +
    'on, the one its path names (/notifications/{id}). Without it, the write goes on as it would (a PATCH still ' +
    'sends the version it read).',
  schema: { type: 'string', example: '"2c1-Hq0e3kDg0Zl9nCmuqGc1x7bq1Xo"' },
};

const NOT_MODIFIED =
  'Not modified: the representation still matches the ETag sent in If-None-Match (no body)';

/**
 * The OpenAPI document: Nest's scan of the controllers, then the rules that hold for every
 * operation applied once (API-Version header, problem responses, security), so no controller
 * can forget them.
 */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Leerlus API')
    .setDescription(
      'Leerlus ("learning loop") helps government organisations learn from incidents and best practices: ' +
        'a register of incidents, lessons, best practices and actions, recurring reflection sessions with ' +
        'compiled agendas, and quarterly reports. Follows the NLGov REST API Design Rules 2.0.',
    )
    .setVersion(API_VERSION)
    .setContact('Leerlus team', 'https://github.com/leerlus/leerlus', 'leerlus@example.org')
    .setLicense('EUPL-1.2', 'https://eupl.eu/1.2/en/')
    .addServer('/v1', 'This server')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        // Opaque (llt_…), not the JWT that addBearerAuth names by default: nothing to decode.
        bearerFormat: 'opaque',
        description: 'An API token from /v1/people/{id}/tokens',
      },
      'bearer',
    )
    .build();
  const scanned = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return finishOpenApi(scanned);
}

export function finishOpenApi(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = PROBLEM_SCHEMA as never;
  // The webhook bodies the callbacks of POST /webhook-subscriptions refer to.
  for (const { name, schema } of Object.values(WEBHOOK_PAYLOAD_SCHEMAS))
    document.components.schemas[name] = schema;
  document.components.headers = { ...HEADERS };
  for (const schema of Object.values(document.components.schemas)) allowNullInNullableEnums(schema);
  const paths: OpenAPIObject['paths'] = {};
  const all = Object.keys(document.paths);
  for (const [path, item] of Object.entries(document.paths)) {
    const relative = path.replace(/^\/v1(?=\/|$)/, '') || '/';
    paths[relative] = item;
    // A 201 names what it created (Location) where the created resource has a path of its own
    // that can be read (as LocationOfCreated does: some can only be changed or deleted there).
    const itemPath = all.some(
      (other) =>
        /^\/\{[^/}]+\}$/.test(other.slice(path.length)) &&
        other.startsWith(path) &&
        document.paths[other].get !== undefined,
    );
    for (const [method, op] of Object.entries(item) as [string, Operation][]) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      finishOperation(method, op, itemPath, /\/\{[^/}]+\}$/.test(path), /\/\{[^/}]+\}\/[\w-]+$/.test(path));
    }
  }
  document.paths = paths;
  return document;
}

/**
 * OpenAPI 3.0's `nullable` does not widen an `enum` (OAS 3.0.3, and validators such as ajv hold
 * to it): a nullable enumeration lists null among its values, so that a null it answers validates.
 */
function allowNullInNullableEnums(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as { nullable?: boolean; enum?: unknown[] } & Record<string, unknown>;
  if (s.nullable && Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
  for (const value of Object.values(s)) allowNullInNullableEnums(value);
}

function finishOperation(
  method: string,
  op: Operation,
  itemPath: boolean,
  singleResource: boolean,
  belowSingleResource: boolean,
): void {
  const isPublic = op['x-public'] === true;
  delete op['x-public'];
  op.security = isPublic ? [] : [{ bearer: [] }];
  // Express gives every response it sends an ETag, and answers a GET whose If-None-Match
  // matches it with 304.
  if (method === 'get') op.responses['304'] ??= { description: NOT_MODIFIED };
  for (const [status, response] of Object.entries(op.responses)) {
    if (/^[23]\d\d$/.test(status)) addHeader(response, 'API-Version');
  }
  if (method === 'get') addHeader(op.responses['304'], 'ETag');
  // Express gives every answer with a body its ETag, a write's answer too (that of the next GET).
  for (const [status, response] of Object.entries(op.responses)) {
    if (/^2\d\d$/.test(status) && response.content) addHeader(response, 'ETag');
  }
  // sendRendered names a CSV download; a header belongs to the response, whatever its media type.
  for (const [status, response] of Object.entries(op.responses)) {
    if (/^2\d\d$/.test(status) && response.content?.['text/csv']) addHeader(response, 'Content-Disposition');
  }
  if (itemPath) addHeader(op.responses['201'], 'Location');
  // Every id in a path is a UUID (UuidPipe: 400 otherwise); the calendar feed's token is not an id.
  for (const parameter of (op.parameters ?? []) as { in: string; name: string; schema?: object }[]) {
    if (parameter.in === 'path' && /^(id|\w+Id)$/.test(parameter.name))
      parameter.schema = { ...parameter.schema, type: 'string', format: 'uuid' };
  }
  // IfMatchInterceptor: a write of a single resource takes If-Match, as does a POST action on one
  // (answering 200 one step below it; one answering 201 there creates a resource of its own).
  const conditional =
    (singleResource && ['put', 'patch', 'delete'].includes(method)) ||
    (belowSingleResource && method === 'post' && op.responses['200'] !== undefined);
  if (conditional) op.parameters = [...(op.parameters ?? []), IF_MATCH];
  // An operation without a requestBody answers a body with 400 (refuseBodyWhereNoneIsTaken); one
  // with a requestBody checks its media type and size.
  const errors = ['400', '404', '500', '503'];
  // refuseUnacceptable: an answer with a body comes in its documented media types only.
  if (Object.entries(op.responses).some(([status, r]) => /^2/.test(status) && r.content)) errors.push('406');
  if (!isPublic) errors.push('401', '403', '429');
  if (['post', 'put', 'patch'].includes(method)) errors.push('409', '422');
  if (op.requestBody) errors.push('413', '415');
  if (method === 'delete') errors.push('409');
  if (conditional) errors.push('412');
  for (const status of errors.sort()) {
    op.responses[status] ??= {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  for (const [status, response] of Object.entries(op.responses)) {
    if (/^[45]\d\d$/.test(status) && !response.content?.['application/problem+json']) {
      response.content = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    }
  }
  addHeader(op.responses['429'], 'Retry-After');
  addHeader(op.responses['503'], 'Retry-After');
}

/** References a header of components.headers from a response, if the operation has that response. */
function addHeader(
  response: { headers?: Record<string, unknown> } | undefined,
  name: keyof typeof HEADERS,
): void {
  if (!response) return;
  response.headers = { ...(response.headers ?? {}), [name]: { $ref: `#/components/headers/${name}` } };
}
