import { checkJobHandlers } from './check-job-handlers';

describe('checkJobHandlers', () => {
  const declared = ['deliver-notification', 'reconcile-notifications'];

  it('accepts exactly one handler per declared job', () => {
    expect(
      checkJobHandlers(declared, [
        { jobName: 'deliver-notification', owner: 'A.deliver' },
        { jobName: 'reconcile-notifications', owner: 'A.reconcile' },
      ]),
    ).toEqual([]);
  });

  it('names a job without a handler', () => {
    expect(checkJobHandlers(declared, [{ jobName: 'deliver-notification', owner: 'A.deliver' }])).toEqual([
      'job "reconcile-notifications" has no handler',
    ]);
  });

  it('names a job with two handlers and where they are', () => {
    expect(
      checkJobHandlers(declared, [
        { jobName: 'deliver-notification', owner: 'A.deliver' },
        { jobName: 'deliver-notification', owner: 'B.deliver' },
        { jobName: 'reconcile-notifications', owner: 'A.reconcile' },
      ]),
    ).toEqual(['job "deliver-notification" has 2 handlers: A.deliver, B.deliver']);
  });

  it('names a handler of a job nobody declared', () => {
    expect(
      checkJobHandlers(declared, [
        { jobName: 'deliver-notification', owner: 'A.deliver' },
        { jobName: 'reconcile-notifications', owner: 'A.reconcile' },
        { jobName: 'typo-job', owner: 'A.typo' },
      ]),
    ).toEqual(['A.typo handles "typo-job", which is not a declared job']);
  });
});
