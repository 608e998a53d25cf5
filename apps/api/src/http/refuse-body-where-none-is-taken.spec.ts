import type { Request, Response } from 'express';
import { refuseBodyWhereNoneIsTaken } from './refuse-body-where-none-is-taken';

function outcome(method: string, headers: Record<string, string>): unknown {
  let passed: unknown = 'not called';
  refuseBodyWhereNoneIsTaken({ method, headers } as unknown as Request, {} as Response, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

describe('refuseBodyWhereNoneIsTaken', () => {
  it('refuses a body on a GET, HEAD or DELETE, by its length or in chunks', () => {
    for (const method of ['GET', 'HEAD', 'DELETE']) {
      expect(outcome(method, { 'content-length': '17' })).toEqual(
        expect.objectContaining({ detail: `A ${method} takes no request body.` }),
      );
      expect(outcome(method, { 'transfer-encoding': 'chunked' })).toEqual(
        expect.objectContaining({ detail: `A ${method} takes no request body.` }),
      );
    }
  });

  it('lets a request without a body, and a write with one, pass', () => {
    expect(outcome('DELETE', {})).toBeUndefined();
    expect(outcome('GET', { 'content-length': '0' })).toBeUndefined();
    expect(outcome('POST', { 'transfer-encoding': 'chunked' })).toBeUndefined();
    expect(outcome('PATCH', { 'content-length': '17' })).toBeUndefined();
  });
});
