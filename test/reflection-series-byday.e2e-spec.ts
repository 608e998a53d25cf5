import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('reflection series: BYDAY as RFC 5545 writes it', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T12:00:00+01:00');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  const post = (rrule: string) =>
    t.http.post('/v1/reflection-series').set(bearer(org.lead.token)).send({
      title: 'Reflectie directieteam',
      kind: 'leadership',
      chairId: org.lead.id,
      rrule,
      firstStart: '2026-03-02T10:00:00+01:00',
      durationMinutes: 90,
    });

  // A day written twice in two ways, and a sign without an ordinal (on which the rrule package
  // throws): refused for what they are, not as a rule that never meets.
  it.each([
    'FREQ=MONTHLY;BYDAY=1MO,+1MO',
    'FREQ=MONTHLY;BYDAY=01MO,1MO',
    'FREQ=WEEKLY;BYDAY=+MO',
    'FREQ=WEEKLY;BYDAY=MO,-MO',
  ])('refuses %s', async (rrule) => {
    const response = await post(rrule).expect(400);
    expect(response.body.invalidParams).toEqual([
      { name: 'rrule', reason: 'BYDAY must be days like MO,TU or 1TU,-1FR, each once' },
    ]);
  });

  it('takes a signed ordinal and stores it one way, so sending it again in another spelling changes nothing', async () => {
    const created = (await post('FREQ=MONTHLY;BYDAY=+1MO').expect(201)).body;
    expect(created.rrule).toBe('FREQ=MONTHLY;BYDAY=1MO');
    for (const rrule of ['FREQ=MONTHLY;BYDAY=01MO', 'RRULE:FREQ=MONTHLY;BYDAY=+1MO']) {
      const patched = await t.http
        .patch(`/v1/reflection-series/${created.id}`)
        .set(bearer(org.lead.token))
        .send({ version: created.version, rrule })
        .expect(200);
      expect([patched.body.rrule, patched.body.version]).toEqual(['FREQ=MONTHLY;BYDAY=1MO', created.version]);
    }
  });
});
