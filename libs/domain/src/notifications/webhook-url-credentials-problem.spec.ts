import { webhookUrlCredentialsProblem } from './webhook-url-credentials-problem';

describe('webhookUrlCredentialsProblem', () => {
  it('refuses a user name or password in the URL, which every lead and the logs would see', () => {
    for (const url of ['https://user:s3cret@hooks.example.nl/x', 'https://user@hooks.example.nl/x'])
      expect(webhookUrlCredentialsProblem(url)).toMatch(/^must not hold a user name or password/);
  });

  it('leaves other URLs, and those it cannot read, to webhookUrlProblem', () => {
    expect(webhookUrlCredentialsProblem('https://hooks.example.nl/x?token=abc')).toBeUndefined();
    expect(webhookUrlCredentialsProblem('not a url')).toBeUndefined();
  });
});
