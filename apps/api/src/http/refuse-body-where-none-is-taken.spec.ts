import type { OpenAPIObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DocumentedPaths } from './documented-paths';
import { refuseBodyWhereNoneIsTaken } from './refuse-body-where-none-is-taken';

const DOCUMENT = {
  paths: {
    '/teams': { get: { responses: {} }, post: { requestBody: {}, responses: {} } },
    '/teams/{id}': {
      get: { responses: {} },
      patch: { requestBody: {}, responses: {} },
      delete: { responses: {} },
    },
    '/people/{id}/calendar-feed-rotation': { post: { responses: {} } },
  },
} as unknown as OpenAPIObject;

const refuse = refuseBodyWhereNoneIsTaken(new DocumentedPaths(DOCUMENT, '/v1'));

function outcome(method: string, path: string, headers: Record<string, string>): unknown {
  let passed: unknown = 'not called';
  refuse({ method, path, headers } as unknown as Request, {} as Response, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

const TEAM = '/v1/teams/6f1c2a1e-1111-4111-8111-111111111111';
const ROTATION = '/v1/people/6f1c2a1e-1111-4111-8111-111111111111/calendar-feed-rotation';

describe('refuseBodyWhereNoneIsTaken', () => {
  it('refuses a body on a GET, HEAD or DELETE, by its length or in chunks', () => {
    for (const method of ['GET', 'HEAD', 'DELETE']) {
      expect(outcome(method, TEAM, { 'content-length': '17' })).toEqual(
        expect.objectContaining({ detail: `A ${method} takes no request body.` }),
      );
      expect(outcome(method, TEAM, { 'transfer-encoding': 'chunked' })).toEqual(
        expect.objectContaining({ detail: `A ${method} takes no request body.` }),
      );
    }
  });

  it('refuses a body, even {}, on a POST the document gives no requestBody', () => {
    for (const headers of [{ 'content-length': '2' }, { 'transfer-encoding': 'chunked' }] as Record<
      string,
      string
    >[])
      expect(outcome('POST', ROTATION, headers)).toEqual(
        expect.objectContaining({
          detail: 'This POST takes no request body.',
          extensions: { invalidParams: [{ name: 'body', reason: 'must be left out of this POST' }] },
        }),
      );
  });

  it('refuses one on a GET or DELETE of a path the document does not list', () => {
    expect(outcome('GET', '/metrics', { 'content-length': '5' })).toEqual(
      expect.objectContaining({ detail: 'A GET takes no request body.' }),
    );
  });

  it('lets a request without a body, and a write that takes one, pass', () => {
    expect(outcome('DELETE', TEAM, {})).toBeUndefined();
    expect(outcome('GET', TEAM, { 'content-length': '0' })).toBeUndefined();
    expect(outcome('POST', ROTATION, { 'content-length': '0' })).toBeUndefined();
    expect(outcome('POST', '/v1/teams', { 'transfer-encoding': 'chunked' })).toBeUndefined();
    expect(outcome('PATCH', TEAM, { 'content-length': '17' })).toBeUndefined();
    // Not documented: the router answers it (404, 405).
    expect(outcome('POST', '/v1/nowhere', { 'content-length': '17' })).toBeUndefined();
  });
});
