import { runInNewContext } from 'node:vm';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { DomainError } from '@app/domain/shared/domain.error';
import { toProblem } from './to-problem';

/** What pg throws for an error message from the server: an Error with the SQLSTATE as `code`. */
function pgError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

const failedQuery = (driverError: Error) =>
  new QueryFailedError('INSERT INTO incidents ...', [], driverError);

describe('toProblem', () => {
  describe('a database outage is a 503 "unavailable", never a 500', () => {
    it.each([
      ['admin shutdown (a restart)', pgError('57P01', 'terminating connection due to administrator command')],
      [
        'crash shutdown',
        pgError('57P02', 'terminating connection because of crash of another server process'),
      ],
      ['starting up', pgError('57P03', 'the database system is starting up')],
      [
        'not yet accepting connections',
        pgError('57P03', 'the database system is not yet accepting connections'),
      ],
      ['in recovery', pgError('57P03', 'the database system is in recovery mode')],
      ['shutting down', pgError('57P03', 'the database system is shutting down')],
      ['too many connections', pgError('53300', 'sorry, too many clients already')],
      ['a connection exception', pgError('08006', 'connection failure')],
      ['unable to connect', pgError('08001', 'could not connect')],
      ['statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
      [
        'a database closed to connections (ALLOW_CONNECTIONS false, as for maintenance)',
        pgError('55000', 'database "leerlus" is not currently accepting connections'),
      ],
    ])('%s, raised while connecting', (_, error) => {
      expect(toProblem(error)).toEqual(expect.objectContaining({ status: 503, code: 'unavailable' }));
    });

    it('says a statement that timed out found the database busy, not unreachable', () => {
      for (const error of [
        pgError('57014', 'canceling statement due to statement timeout'),
        failedQuery(pgError('57014', 'canceling statement due to statement timeout')),
      ])
        expect(toProblem(error)).toEqual(
          expect.objectContaining({
            status: 503,
            detail: expect.stringMatching(
              /^The database did not finish in time, perhaps waiting for another change/,
            ),
          }),
        );
      expect(toProblem(pgError('08006', 'connection failure'))?.detail).toMatch(/not reachable/);
    });

    it('the same codes inside a failed query', () => {
      const error = failedQuery(pgError('57P01', 'terminating connection due to administrator command'));
      expect(toProblem(error)).toEqual(expect.objectContaining({ status: 503 }));
    });

    it.each([
      [
        'connection refused',
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ],
      ['connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
      ['connection refused on every address (an AggregateError without a message)', refusedEverywhere()],
      ['the pool timing out while connecting', new Error('timeout exceeded when trying to connect')],
      ['a connect timeout', new Error('Connection terminated due to connection timeout')],
      ['the socket closing mid-query', new Error('Connection terminated unexpectedly')],
      [
        'a broken client used again',
        new Error('Client has encountered a connection error and is not queryable'),
      ],
      ['a read timeout', new Error('Query read timeout')],
    ])('%s', (_, error) => {
      expect(toProblem(error)).toEqual(expect.objectContaining({ status: 503 }));
    });

    it('no connection free in time: busy or not reachable, not said to be down', () => {
      const error = failedQuery(new Error('timeout exceeded when trying to connect'));
      expect(toProblem(new Error('timeout exceeded when trying to connect'))?.detail).toMatch(
        /^No connection to the database came free in time: it is busy or not reachable/,
      );
      expect(toProblem(error)?.status).toBe(503);
    });

    it('a socket error from another realm (not an instance of this Error)', () => {
      const error = runInNewContext(
        'Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })',
      );
      expect(error instanceof Error).toBe(false);
      expect(toProblem(error)).toEqual(expect.objectContaining({ status: 503 }));
    });

    it.each([
      ['its query runner', new QueryRunnerAlreadyReleasedError()],
      ["its manager's query runner", new QueryRunnerProviderAlreadyReleasedError()],
    ])('a transaction whose connection broke, so TypeORM already released %s', (_, error) => {
      expect(toProblem(error)).toEqual(expect.objectContaining({ status: 503 }));
    });
  });

  describe('invalidParams', () => {
    const params = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ name: `p${i}`, reason: 'is not a known property' }));

    it('lists the first 20 of a domain error with more, and says how many there were', () => {
      const problem = toProblem(DomainError.invalidParams(params(30)));
      expect(problem?.extensions?.invalidParams).toEqual(params(20));
      expect(problem?.detail).toMatch(/\(30 problems; invalidParams lists the first 20\)$/);
    });

    it('keeps a list of 20 as it is', () => {
      const error = DomainError.invalidParams(params(20));
      expect(toProblem(error)).toEqual(
        expect.objectContaining({ detail: error.detail, extensions: { invalidParams: params(20) } }),
      );
    });
  });

  describe('what is not an outage keeps its meaning', () => {
    it('a unique violation is a 409', () => {
      const error = failedQuery(pgError('23505', 'duplicate key value violates unique constraint'));
      expect(toProblem(error)).toEqual(expect.objectContaining({ status: 409, code: 'conflict' }));
    });

    it('a delete that records still refer to is a 409 naming what they are', () => {
      const referenced = (table: string) =>
        failedQuery(
          Object.assign(
            pgError('23503', 'update or delete on table "teams" violates foreign key constraint'),
            {
              detail: `Key (id)=(1) is still referenced from table "${table}".`,
              table,
            },
          ),
        );
      expect(toProblem(referenced('incidents'))).toEqual(
        expect.objectContaining({
          status: 409,
          detail: 'This record is still referenced by incidents; remove or reassign those first.',
        }),
      );
      expect(toProblem(referenced('notifications'))?.detail).toBe(
        'This record is still referenced by messages still to be sent; try again once the worker has sent them.',
      );
      expect(toProblem(referenced('some_new_table'))?.detail).toBe(
        'This record is still referenced by other records; remove or reassign those first.',
      );
    });

    it('a delete that others refer to is a 409 whatever language the server speaks', () => {
      const dutch = new QueryFailedError(
        'DELETE FROM "teams" WHERE "id" IN ($1)',
        [],
        Object.assign(
          pgError('23503', 'update of verwijderen in tabel "teams" schendt foreign-key-beperking'),
          {
            detail: 'Sleutel (id)=(1) wordt nog steeds gerefereerd vanuit tabel "incidents".',
            table: 'incidents',
          },
        ),
      );
      expect(toProblem(dutch)).toEqual(
        expect.objectContaining({
          status: 409,
          detail: 'This record is still referenced by incidents; remove or reassign those first.',
        }),
      );
      // An insert that names nothing is the client's 422.
      const insert = failedQuery(pgError('23503', 'insert schendt foreign-key-beperking'));
      expect(toProblem(insert)).toEqual(expect.objectContaining({ status: 422 }));
    });

    it('a serialization failure is a 409', () => {
      const error = failedQuery(pgError('40001', 'could not serialize access'));
      expect(toProblem(error)).toEqual(expect.objectContaining({ status: 409 }));
    });

    it.each([
      ['a syntax error in our SQL', failedQuery(pgError('42601', 'syntax error at or near "SELEC"'))],
      ['a missing column', failedQuery(pgError('42703', 'column "nope" does not exist'))],
      ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
      ['a thrown string', 'boom'],
      ['null', null],
    ])('%s stays a 500', (_, error) => {
      expect(toProblem(error)).toBeNull();
    });
  });
});

function refusedEverywhere(): Error {
  const error = new AggregateError([
    Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  ]);
  return Object.assign(error, { code: 'ECONNREFUSED' });
}
