import workerThreads, { Worker } from 'node:worker_threads';
import { bearer, createOrganisation } from './support/fixtures';
import { startTestApp } from './support/test-app';

/**
 * The api sieves a series' rule in worker threads and keeps them for the next question. They do
 * not hold the process open, but each is an isolate the process must tear down as it exits: left
 * running, they piled up in a jest worker (one pool per test file) until it no longer exited in
 * time ("A worker process has failed to exit gracefully"). Closing the app stops them.
 */
describe('sieve threads when the api closes', () => {
  const RealWorker = workerThreads.Worker;
  const started: Worker[] = [];
  const exited = new Set<Worker>();

  beforeAll(() => {
    jest
      .spyOn(workerThreads, 'Worker')
      .mockImplementation((...args: ConstructorParameters<typeof Worker>) => {
        const worker = new RealWorker(...args);
        worker.once('exit', () => exited.add(worker));
        started.push(worker);
        return worker;
      });
  });
  afterAll(() => jest.restoreAllMocks());

  it('stops every thread it kept', async () => {
    const t = await startTestApp();
    try {
      t.clock.set('2026-03-01T12:00:00+01:00');
      const org = await createOrganisation(t.http, t.systemToken);
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title: 'Reflectie directieteam',
          kind: 'leadership',
          chairId: org.lead.id,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          firstStart: '2026-03-02T10:00:00+01:00',
          durationMinutes: 90,
        })
        .expect(201);
      expect(started.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
    expect(started.filter((worker) => !exited.has(worker)).map((worker) => worker.threadId)).toEqual([]);
  });
});
