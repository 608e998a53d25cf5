import { Logger, NotFoundException } from '@nestjs/common';
import express from 'express';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { sendProblem } from './problem-details.filter';

/** A Nest logger that keeps what it was asked to warn about. */
class RecordingLogger extends Logger {
  readonly warnings: unknown[] = [];
  override warn(message: unknown): void {
    this.warnings.push(message);
  }
}

function appFailingWith(error: unknown, logger: Logger) {
  const app = express();
  app.get('/v1/incidents', () => {
    throw error;
  });
  app.use((caught: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) =>
    sendProblem(caught, req, res, logger),
  );
  return app;
}

describe('sendProblem', () => {
  it('answers a database outage with a 503 that names no internals, and logs its cause', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.3.7:5432'), {
      code: 'ECONNREFUSED',
    });
    const logger = new RecordingLogger();
    const response = await request(appFailingWith(refused, logger)).get('/v1/incidents').expect(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('5');
    expect(JSON.stringify(response.body)).not.toContain('10.0.3.7');
    expect(logger.warnings).toEqual([
      { err: refused, msg: expect.stringMatching(/^Answered 503: The database is not reachable/) },
    ]);
  });

  it('logs the statement that timed out with its cause', async () => {
    const timeout = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    );
    const logger = new RecordingLogger();
    await request(appFailingWith(timeout, logger)).get('/v1/incidents').expect(503);
    expect(logger.warnings).toEqual([
      { err: timeout, msg: expect.stringMatching(/^Answered 503: The database did not finish in time/) },
    ]);
  });

  it('logs no warning for a refusal that is the client’s', async () => {
    const logger = new RecordingLogger();
    const malformed = Object.assign(new Error('Unexpected token'), {
      type: 'entity.parse.failed',
      status: 400,
      expose: true,
    });
    await request(appFailingWith(malformed, logger)).get('/v1/incidents').expect(400);
    expect(logger.warnings).toEqual([]);
  });

  it('sends a problem without an ETag, also when the handler set one before it failed', async () => {
    const app = express();
    app.get('/v1/reports/quarterly', (_req, res) => {
      res.setHeader('ETag', 'W/"the-report"');
      throw new NotFoundException('No such quarter');
    });
    app.use((caught: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) =>
      sendProblem(caught, req, res, new RecordingLogger()),
    );
    const refused = await request(app).get('/v1/reports/quarterly').expect(404);
    const plain = await request(appFailingWith(new NotFoundException(), new RecordingLogger()))
      .get('/v1/incidents')
      .expect(404);
    for (const response of [refused, plain]) {
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.text));
    }
    expect(refused.body).toEqual(expect.objectContaining({ status: 404, detail: 'No such quarter' }));
  });
});
