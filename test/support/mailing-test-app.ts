import { createOrganisation, OrgFixture } from './fixtures';
import { startSmtpServer, TestSmtpServer } from './test-smtp-server';
import { startTestApp, TestApp } from './test-app';
import { startTestWorker, TestWorker } from './test-worker';

export interface MailingTestApp {
  smtp: TestSmtpServer;
  t: TestApp;
  worker: TestWorker;
  org: OrgFixture;
  /** Closes the worker, the app and the SMTP server, in that order. */
  close(): Promise<void>;
}

/**
 * The api and a worker that mail through a test SMTP server, with one organisation. The worker
 * runs no jobs (its dispatcher would deliver the same rows): each test delivers itself. With `at`,
 * the app's clock is set to it before the organisation is made, and the worker shares that clock.
 */
export async function startMailingTestApp(options: { at?: string } = {}): Promise<MailingTestApp> {
  const smtp = await startSmtpServer();
  const t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  if (options.at) t.clock.set(options.at);
  const org = await createOrganisation(t.http, t.systemToken);
  const worker = await startTestWorker(t.config, {
    runJobs: false,
    ...(options.at ? { clock: t.clock } : {}),
  });
  return {
    smtp,
    t,
    worker,
    org,
    close: async () => {
      await worker.close();
      await t.close();
      await smtp.close();
    },
  };
}
