import ICAL from 'ical.js';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Fields documented as `format: uri` hold RFC 3986 URIs, as stored and as returned: a `|` or `[`
 * that WHATWG URL leaves in place made Java's java.net.URI and Go's url.Parse refuse whole lists.
 */
describe('format: uri fields: meeting and webhook URLs', () => {
  let t: TestApp;
  let org: OrgFixture;

  const BROKEN_ESCAPE = 'holds a % not followed by two hexadecimal digits (write a % itself as %25)';

  const seriesBody = (meetingUrl: string) => ({
    title: 'Reflectie met link',
    kind: 'leadership',
    chairId: org.lead.id,
    participantIds: [org.member.id],
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    firstStart: '2026-03-02T10:00:00+01:00',
    durationMinutes: 60,
    meetingUrl,
  });
  const count = async (table: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  describe('a meeting URL', () => {
    const typed = 'https://Meet.example.nl/r|1^2/[a]/caf\u00fc?k=[v]|^{}#deel|2';
    const stored = 'https://meet.example.nl/r%7C1%5E2/%5Ba%5D/caf%C3%BC?k=%5Bv%5D%7C%5E%7B%7D#deel%7C2';

    it('is stored and returned percent-encoded, and read back and sent again it changes nothing', async () => {
      const created = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody(typed))
        .expect(201);
      expect(created.body.meetingUrl).toBe(stored);
      const id = created.body.id as string;
      expect(await t.db.query(`SELECT meeting_url FROM reflection_series WHERE id = $1`, [id])).toEqual([
        { meeting_url: stored },
      ]);
      const fetched = await t.http
        .get(`/v1/reflection-series/${id}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(fetched.body.meetingUrl).toBe(stored);
      const list = await t.http.get('/v1/reflection-series').set(bearer(org.member.token)).expect(200);
      expect(list.body.items.find((s: { id: string }) => s.id === id).meetingUrl).toBe(stored);
      // The URL as read, or as first typed, is the one stored: no new version.
      for (const meetingUrl of [stored, typed]) {
        const same = await t.http
          .patch(`/v1/reflection-series/${id}`)
          .set(bearer(org.lead.token))
          .send({ version: 1, meetingUrl })
          .expect(200);
        expect(same.body).toEqual(expect.objectContaining({ version: 1, meetingUrl: stored }));
      }
      // A change is percent-encoded as well.
      const changed = await t.http
        .patch(`/v1/reflection-series/${id}`)
        .set(bearer(org.lead.token))
        .send({ version: 1, meetingUrl: 'https://meet.example.nl/\u00fc|' })
        .expect(200);
      expect(changed.body).toEqual(
        expect.objectContaining({ version: 2, meetingUrl: 'https://meet.example.nl/%C3%BC%7C' }),
      );
    });

    it('reaches calendar feeds as it is stored', async () => {
      const person = await t.http
        .get(`/v1/people/${org.member.id}`)
        .set(bearer(org.member.token))
        .expect(200);
      const feed = await t.http.get(new URL(person.body.calendarFeedUrl).pathname).expect(200);
      const calendar = new ICAL.Component(ICAL.parse(feed.text));
      const [event] = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(event.location).toBe('https://meet.example.nl/%C3%BC%7C');
      expect(event.description).toContain('Online deelnemen: https://meet.example.nl/%C3%BC%7C');
    });

    it('with a % that begins no escape is refused naming meetingUrl, and changes nothing', async () => {
      const before = await count('reflection_series');
      const refused = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody('https://meet.example.nl/a%zz'))
        .expect(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.invalidParams).toEqual([{ name: 'meetingUrl', reason: BROKEN_ESCAPE }]);
      expect(await count('reflection_series')).toBe(before);

      const created = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody('https://meet.example.nl/a%25zz'))
        .expect(201);
      expect(created.body.meetingUrl).toBe('https://meet.example.nl/a%25zz');
      const row = () =>
        t.db.query(`SELECT meeting_url, version FROM reflection_series WHERE id = $1`, [created.body.id]);
      const unchanged = await row();
      const patched = await t.http
        .patch(`/v1/reflection-series/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ version: 1, meetingUrl: 'https://meet.example.nl/?q=%e' })
        .expect(400);
      expect(patched.body.invalidParams).toEqual([{ name: 'meetingUrl', reason: BROKEN_ESCAPE }]);
      expect(await row()).toEqual(unchanged);
    });

    it('holds to 2000 characters as it is stored, percent-encoded', async () => {
      const base = 'https://meet.example.nl/';
      // 1024 characters as typed, 2024 as stored: each ü is %C3%BC.
      const long = `${base}${'\u00fc'.repeat(200)}${'x'.repeat(1024 - base.length - 200)}`;
      const refused = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody(long))
        .expect(400);
      expect(refused.body.invalidParams).toEqual([
        {
          name: 'meetingUrl',
          reason: 'must be at most 2000 characters as stored, percent-encoded (this one is 2024)',
        },
      ]);
    });
  });

  describe('a webhook URL', () => {
    const typed = 'https://hooks.example.nl/a|b^c/[d]/\u00fc?q=[1]|^#deel';
    const stored = 'https://hooks.example.nl/a%7Cb%5Ec/%5Bd%5D/%C3%BC?q=%5B1%5D%7C%5E';

    it('is stored and returned percent-encoded, and read back and sent again it changes nothing', async () => {
      const created = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: typed, events: ['agenda.published'] })
        .expect(201);
      expect(created.body.url).toBe(stored);
      const id = created.body.id as string;
      expect(await t.db.query(`SELECT url FROM webhook_subscriptions WHERE id = $1`, [id])).toEqual([
        { url: stored },
      ]);
      const fetched = await t.http
        .get(`/v1/webhook-subscriptions/${id}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(fetched.body.url).toBe(stored);
      const list = await t.http.get('/v1/webhook-subscriptions').set(bearer(org.lead.token)).expect(200);
      expect(list.body.items.find((s: { id: string }) => s.id === id).url).toBe(stored);
      for (const url of [stored, typed]) {
        const same = await t.http
          .patch(`/v1/webhook-subscriptions/${id}`)
          .set(bearer(org.lead.token))
          .send({ version: 1, url })
          .expect(200);
        expect(same.body).toEqual(expect.objectContaining({ version: 1, url: stored }));
      }
      await t.http.delete(`/v1/webhook-subscriptions/${id}`).set(bearer(org.lead.token)).expect(204);
    });

    it('with a % that begins no escape is refused naming url, and changes nothing', async () => {
      const before = await count('webhook_subscriptions');
      const refused = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: 'https://hooks.example.nl/a%zz', events: ['agenda.published'] })
        .expect(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.invalidParams).toEqual([{ name: 'url', reason: BROKEN_ESCAPE }]);
      expect(await count('webhook_subscriptions')).toBe(before);

      const created = await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: 'https://hooks.example.nl/ok', events: ['agenda.published'] })
        .expect(201);
      const row = () =>
        t.db.query(`SELECT url, version FROM webhook_subscriptions WHERE id = $1`, [created.body.id]);
      const unchanged = await row();
      const patched = await t.http
        .patch(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .send({ version: 1, url: 'https://hooks.example.nl/ok?q=%' })
        .expect(400);
      expect(patched.body.invalidParams).toEqual([{ name: 'url', reason: BROKEN_ESCAPE }]);
      expect(await row()).toEqual(unchanged);
      await t.http
        .delete(`/v1/webhook-subscriptions/${created.body.id}`)
        .set(bearer(org.lead.token))
        .expect(204);
    });
  });
});
