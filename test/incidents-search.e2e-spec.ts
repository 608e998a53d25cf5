import { Client } from 'pg';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

type Item = { id: string; title: string };

describe('incidents: filters, sorting, pagination and Dutch full-text search', () => {
  let t: TestApp;
  let org: OrgFixture;
  let toeslagen: string;
  let studie: string;
  let teamId: string;
  const ids: Record<string, string> = {};

  const titles = async (query: string, token = org.member.token) => {
    const response = await t.http.get(`/v1/incidents?${query}`).set(bearer(token)).expect(200);
    return (response.body.items as Item[]).map((i) => i.title);
  };

  async function report(at: string, body: Record<string, unknown>) {
    t.clock.set(at);
    const created = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send({
        chainId: toeslagen,
        description: '',
        occurredAt: '2026-01-01T09:00:00+01:00',
        severity: 'medium',
        publicAttention: 'none',
        source: 'staff',
        ...body,
      })
      .expect(201);
    ids[body.title as string] = created.body.id;
  }

  /** An organisation of its own with one chain, so that the other searches keep their incidents. */
  async function organisationWithChain(name: string): Promise<{ o: OrgFixture; chainId: string }> {
    const o = await createOrganisation(t.http, t.systemToken);
    const chainId = (await t.http.post('/v1/chains').set(bearer(o.admin.token)).send({ name }).expect(201))
      .body.id;
    return { o, chainId };
  }

  /** Reports an incident there, a minute after the one before (later is newer). */
  async function reportIn(o: OrgFixture, chainId: string, title: string, description = '') {
    t.clock.set(new Date(t.clock.now().getTime() + 60_000).toISOString());
    await t.http
      .post('/v1/incidents')
      .set(bearer(o.member.token))
      .send({
        chainId,
        title,
        description,
        occurredAt: '2026-01-01T09:00:00+01:00',
        severity: 'low',
        publicAttention: 'none',
        source: 'staff',
      })
      .expect(201);
  }

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    const chain = (name: string) =>
      t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name }).expect(201);
    toeslagen = (await chain('Toeslagen')).body.id;
    studie = (await chain('Studiefinanciering')).body.id;
    teamId = (await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Klantcontact' })).body
      .id;
    // Reported in the first quarter of 2026 (and one on the evening of 31 March, Dutch time).
    await report('2026-01-05T10:00:00+01:00', {
      title: 'Fiets van bode gestolen',
      description: 'De dienstfiets van de bode verdween bij het ministerie.',
      severity: 'low',
      tags: ['facilitair'],
      source: 'staff',
    });
    await report('2026-02-10T10:00:00+01:00', {
      title: 'Fietsen onterecht weggesleept',
      description: 'Gemeente sleepte fietsen van medewerkers weg.',
      severity: 'critical',
      publicAttention: 'local',
      source: 'complaint',
      causeLevel: 'implementation',
      teamId,
    });
    await report('2026-03-31T23:30:00+02:00', {
      title: 'Aanvraag huurtoeslag kwijtgeraakt',
      description: 'Een aanvraag voor huurtoeslag is niet verwerkt.',
      severity: 'high',
      publicAttention: 'parliamentary',
      source: 'parliamentary-question',
      causeLevel: 'policy',
      tags: ['huurtoeslag', 'aanvragen', 'Digitale Zorg'],
    });
    await report('2026-04-01T00:30:00+02:00', {
      title: 'Storing in het café van het ministerie',
      description: 'De koffieautomaat in het café werkte niet.',
      chainId: studie,
      severity: 'medium',
      publicAttention: 'national',
      source: 'media',
      confidentiality: 'confidential',
    });
    // The latest of all, mentioning a bicycle only in passing in its description.
    await report('2026-04-02T09:00:00+02:00', {
      title: 'Parkeerplaats afgesloten',
      description: 'Geen plek meer voor de fiets.',
      severity: 'low',
      source: 'other',
    });
  });
  afterAll(() => t.close());

  describe('search (q)', () => {
    it('finds "fiets" with "fietsen" and "fietsen" with "fiets"', async () => {
      const all = ['Fiets van bode gestolen', 'Fietsen onterecht weggesleept', 'Parkeerplaats afgesloten'];
      expect((await titles('q=fietsen')).sort()).toEqual(all);
      expect((await titles('q=fiets')).sort()).toEqual(all);
    });

    it('finds "aanvraag" with "aanvragen", in title or description', async () => {
      expect(await titles('q=aanvragen')).toEqual(['Aanvraag huurtoeslag kwijtgeraakt']);
      expect(await titles('q=verwerkt')).toEqual(['Aanvraag huurtoeslag kwijtgeraakt']);
    });

    it('finds the singular with a plural in -s of a word ending in a vowel, and with an apostrophe plural', async () => {
      const { o: elsewhere, chainId } = await organisationWithChain('Handhaving');
      for (const [title, description] of [
        ['Boete voor late aangifte', 'Een ondernemer kreeg een naheffing.'],
        ['Website onbereikbaar', 'Burgers konden niets aanvragen.'],
        ['Thema ontbreekt op agenda', 'Vakmanschap kwam niet aan bod.'],
        ['Procentuele verhoging fout berekend', 'De indexatie klopte niet.'],
        ['Kade ingestort', 'Een stuk van de wal zakte weg.'],
        ['Fiets van de bode', 'Gestolen bij de ingang.'],
        ['Het café is dicht', 'Geen koffie.'],
      ])
        await reportIn(elsewhere, chainId, title, description);
      const found = (q: string) => titles(`q=${encodeURIComponent(q)}`, elsewhere.member.token);
      expect(await found('boetes')).toEqual(['Boete voor late aangifte']);
      expect(await found('websites')).toEqual(['Website onbereikbaar']);
      expect(await found("thema's")).toEqual(['Thema ontbreekt op agenda']);
      expect(await found("agenda's")).toEqual(['Thema ontbreekt op agenda']);
      // Short words too: a stem of three letters before -es.
      expect(await found('kades')).toEqual(['Kade ingestort']);
      // The Dutch stem of "bode" is that of "bod" ("aan bod komen"): the plural finds what the singular does.
      expect(await found('bodes')).toContain('Fiets van de bode');
      expect(await found('bodes')).toEqual(await found('bode'));
      expect(await found('cafés')).toEqual(['Het café is dicht']);
      // The singular's stem exactly, not as a prefix: "processes" does not find "procentuele".
      expect(await found('processes')).toEqual([]);
    });

    it("finds the singular with a plural whose stem is longer than the singular's", async () => {
      // The Dutch stemmer makes "examens" `examen` but "examen" `exam`, "artsen" `arts` but "arts" `art`.
      const { o: elsewhere, chainId } = await organisationWithChain('Inburgering');
      for (const [title, description] of [
        ['Examen inburgering ongeldig verklaard', ''],
        ['Arts niet bereikbaar voor spoedoverleg', ''],
        ['Wapen aangetroffen bij het loket', ''],
        ['Keuken van de kantine gesloten', ''],
        ['Les over privacy vervalt', ''],
        ['Storing in de betaalstraat', 'Fietsen stonden in de weg.'],
      ])
        await reportIn(elsewhere, chainId, title, description);
      const found = (q: string) => titles(`q=${encodeURIComponent(q)}`, elsewhere.member.token);
      expect(await found('examens')).toEqual(['Examen inburgering ongeldig verklaard']);
      expect(await found('artsen')).toEqual(['Arts niet bereikbaar voor spoedoverleg']);
      expect(await found('wapens')).toEqual(['Wapen aangetroffen bij het loket']);
      expect(await found('keukens')).toEqual(['Keuken van de kantine gesloten']);
      expect(await found('lessen privacy')).toEqual(['Les over privacy vervalt']);
      // A word whose stem stays the same finds as before, and only that.
      expect(await found('storingen')).toEqual(['Storing in de betaalstraat']);
      expect(await found('fiets')).toEqual(['Storing in de betaalstraat']);
    });

    it('ignores accents and case both ways', async () => {
      expect(await titles('q=cafe', org.lead.token)).toEqual(['Storing in het café van het ministerie']);
      expect(await titles(`q=${encodeURIComponent('CAFÉ')}`, org.lead.token)).toEqual([
        'Storing in het café van het ministerie',
      ]);
    });

    it('matches no unrelated words, and a query of stop words matches nothing', async () => {
      expect(await titles('q=belastingaangifte')).toEqual([]);
      expect(await titles('q=vliegtuig')).toEqual([]);
      expect(await titles('q=de%20het%20een')).toEqual([]);
      // Query syntax is text, never an error: quotes, operators and punctuation only.
      for (const q of ["fiets' & !", ':*|()', '!!!', "'; DROP TABLE incidents; --"])
        await t.http
          .get(`/v1/incidents?q=${encodeURIComponent(q)}`)
          .set(bearer(org.member.token))
          .expect(200);
      expect(await titles(`q=${encodeURIComponent("fiets' & !")}`)).toHaveLength(3);
      // A tag that cannot be one is refused, quotes included.
      await t.http
        .get(`/v1/incidents?tag=${encodeURIComponent("a'b")}`)
        .set(bearer(org.member.token))
        .expect(400);
    });

    it('needs every word (AND) and ranks by relevance by default', async () => {
      expect(await titles('q=fiets%20gemeente')).toEqual(['Fietsen onterecht weggesleept']);
      // A match in the title weighs more than one in the description, and the word as typed more
      // than another form of it; the latest report comes last.
      expect(await titles('q=fiets')).toEqual([
        'Fiets van bode gestolen',
        'Fietsen onterecht weggesleept',
        'Parkeerplaats afgesloten',
      ]);
      expect(await titles('q=fiets&sort=-reportedAt')).toEqual([
        'Parkeerplaats afgesloten',
        'Fietsen onterecht weggesleept',
        'Fiets van bode gestolen',
      ]);
      // As the OpenAPI document says: no operators. OR is a word that must match too; "-" is ignored.
      expect(await titles('q=fiets%20OR%20aanvraag')).toEqual([]);
      expect((await titles('q=-fietsen')).sort()).toEqual((await titles('q=fiets')).sort());
      const total = await t.http.get('/v1/incidents?q=fiets&pageSize=1').set(bearer(org.member.token));
      expect(total.body).toEqual(expect.objectContaining({ total: 3, totalCapped: false, pageSize: 1 }));
      expect(total.body.items).toHaveLength(1);
    });

    it('ranks a word as typed above a longer word it begins, and a title above a description', async () => {
      const { o: other, chainId } = await organisationWithChain('Facilitair');
      // Oldest first: without the word as typed counting, the newest would come first.
      await reportIn(other, chainId, 'Grondonderzoek uitgesteld', 'De bode meldde het te laat.');
      await reportIn(other, chainId, 'Fiets van de bode gestolen');
      await reportIn(other, chainId, 'Bodemverontreiniging bij de school');
      const found = await t.http.get('/v1/incidents?q=bode').set(bearer(other.member.token)).expect(200);
      expect(found.body.items.map((i: { title: string }) => i.title)).toEqual([
        'Fiets van de bode gestolen',
        'Bodemverontreiniging bij de school',
        'Grondonderzoek uitgesteld',
      ]);
      // With several words, the one holding more of them as typed comes first.
      await reportIn(other, chainId, 'Storingsmelding loket');
      await reportIn(other, chainId, 'Storing bij het loket');
      for (const q of ['storing%20loket', 'loket%20storing']) {
        const both = await t.http.get(`/v1/incidents?q=${q}`).set(bearer(other.member.token)).expect(200);
        expect(both.body.items.map((i: { title: string }) => i.title)).toEqual([
          'Storing bij het loket',
          'Storingsmelding loket',
        ]);
      }
    });

    it('can be combined with a sort and refuses relevance without q or too long a text', async () => {
      expect(await titles('q=fiets&sort=title')).toEqual([
        'Fiets van bode gestolen',
        'Fietsen onterecht weggesleept',
        'Parkeerplaats afgesloten',
      ]);
      await t.http.get('/v1/incidents?sort=relevance').set(bearer(org.member.token)).expect(400);
      await t.http
        .get(`/v1/incidents?q=${'a'.repeat(201)}`)
        .set(bearer(org.member.token))
        .expect(400);
      await t.http.get('/v1/incidents?q=').set(bearer(org.member.token)).expect(400);
    });
  });

  describe('filters', () => {
    it('filters on each field', async () => {
      expect(await titles(`chainId=${studie}`, org.lead.token)).toEqual([
        'Storing in het café van het ministerie',
      ]);
      expect(await titles(`teamId=${teamId}`)).toEqual(['Fietsen onterecht weggesleept']);
      expect(await titles('severity=critical')).toEqual(['Fietsen onterecht weggesleept']);
      expect(await titles('publicAttention=parliamentary')).toEqual(['Aanvraag huurtoeslag kwijtgeraakt']);
      expect(await titles('causeLevel=policy')).toEqual(['Aanvraag huurtoeslag kwijtgeraakt']);
      expect(await titles('source=complaint')).toEqual(['Fietsen onterecht weggesleept']);
      expect(await titles('tag=Huurtoeslag')).toEqual(['Aanvraag huurtoeslag kwijtgeraakt']);
      // Written as when tagging: `Digitale Zorg` was stored as `digitale-zorg`.
      expect(await titles(`tag=${encodeURIComponent(' Digitale  Zorg ')}`)).toEqual([
        'Aanvraag huurtoeslag kwijtgeraakt',
      ]);
      expect(await titles('confidentiality=confidential', org.lead.token)).toEqual([
        'Storing in het café van het ministerie',
      ]);
      expect(await titles('status=reported&severity=low&source=staff')).toEqual(['Fiets van bode gestolen']);
      expect(await titles('recurrence=true')).toEqual([]);
      expect(await titles('recurrence=false', org.lead.token)).toHaveLength(5);
    });

    it('takes a period of dates as whole Dutch days, and date-times as given', async () => {
      expect(
        await titles('reportedFrom=2026-01-01&reportedTo=2026-03-31&sort=reportedAt', org.lead.token),
      ).toEqual([
        'Fiets van bode gestolen',
        'Fietsen onterecht weggesleept',
        'Aanvraag huurtoeslag kwijtgeraakt',
      ]);
      expect(await titles('reportedFrom=2026-04-01&reportedTo=2026-04-01', org.lead.token)).toEqual([
        'Storing in het café van het ministerie',
      ]);
      expect(
        await titles(`reportedFrom=${encodeURIComponent('2026-02-10T10:00:00+01:00')}&reportedTo=2026-03-01`),
      ).toEqual(['Fietsen onterecht weggesleept']);
    });

    it('refuses bad filter values with 400', async () => {
      for (const query of [
        'severity=huge',
        'status=open',
        'chainId=abc',
        'recurrence=yes',
        'reportedFrom=01-01-2026',
        'reportedTo=2026-02-30',
        'reportedTo=2026-02-28&reportedFrom=2026-03-01',
        `reportedTo=2026-02-28&reportedFrom=${encodeURIComponent('2026-03-01T10:00:00+01:00')}`,
        'reportedFrom=2026-01-01T00:00:00',
        `reportedFrom=${encodeURIComponent('2026-01-01T00:00:00+99:00')}`,
        `reportedTo=${encodeURIComponent('2026-01-01T00:00:00+24:00')}`,
        `reportedTo=${encodeURIComponent('2026-01-01T00:00:00+00:60')}`,
        'sort=createdAt',
        'sort=-title;DROP',
        'pageSize=101',
        'page=0',
        `tag=${'x'.repeat(51)}`,
        'publicAttention=',
        'tag=',
        'tag=%20',
        `tag=${encodeURIComponent('ICT / Data')}`,
        'unknown=1',
      ]) {
        const response = await t.http.get(`/v1/incidents?${query}`).set(bearer(org.member.token)).expect(400);
        // The problem names the parameter.
        const named = query.split('=')[0];
        expect([query, response.body.invalidParams?.map((p: { name: string }) => p.name)]).toEqual([
          query,
          expect.arrayContaining([named]),
        ]);
      }
    });

    it('refuses an empty period saying what the end must be: after the start, not merely "not before" it', async () => {
      const moment = encodeURIComponent('2026-03-01T10:00:00+01:00');
      const empty = await t.http
        .get(`/v1/incidents?reportedFrom=${moment}&reportedTo=${moment}`)
        .set(bearer(org.member.token))
        .expect(400);
      expect(empty.body.invalidParams).toEqual([
        { name: 'reportedTo', reason: 'must be after reportedFrom' },
      ]);
      // One date in both is a whole day, not empty.
      await t.http
        .get('/v1/incidents?reportedFrom=2026-03-01&reportedTo=2026-03-01')
        .set(bearer(org.member.token))
        .expect(200);
    });
  });

  describe('sorting and pagination', () => {
    it('sorts by reportedAt descending by default and by the whitelisted fields', async () => {
      expect(await titles('', org.lead.token)).toEqual([
        'Parkeerplaats afgesloten',
        'Storing in het café van het ministerie',
        'Aanvraag huurtoeslag kwijtgeraakt',
        'Fietsen onterecht weggesleept',
        'Fiets van bode gestolen',
      ]);
      expect(await titles('sort=-severity', org.lead.token)).toEqual([
        'Fietsen onterecht weggesleept',
        'Aanvraag huurtoeslag kwijtgeraakt',
        'Storing in het café van het ministerie',
        'Parkeerplaats afgesloten',
        'Fiets van bode gestolen',
      ]);
      expect(await titles('sort=publicAttention', org.lead.token)).toEqual([
        'Parkeerplaats afgesloten',
        'Fiets van bode gestolen',
        'Fietsen onterecht weggesleept',
        'Storing in het café van het ministerie',
        'Aanvraag huurtoeslag kwijtgeraakt',
      ]);
      expect(await titles('sort=-title', org.lead.token)).toEqual([
        'Storing in het café van het ministerie',
        'Parkeerplaats afgesloten',
        'Fietsen onterecht weggesleept',
        'Fiets van bode gestolen',
        'Aanvraag huurtoeslag kwijtgeraakt',
      ]);
    });

    it('pages with a stable order and the total', async () => {
      const first = await t.http.get('/v1/incidents?pageSize=3&sort=title').set(bearer(org.lead.token));
      const second = await t.http
        .get('/v1/incidents?pageSize=3&page=2&sort=title')
        .set(bearer(org.lead.token));
      expect(first.body).toEqual(
        expect.objectContaining({ page: 1, pageSize: 3, total: 5, totalCapped: false }),
      );
      expect(first.body.items).toHaveLength(3);
      expect(second.body.items.map((i: Item) => i.title)).toEqual([
        'Parkeerplaats afgesloten',
        'Storing in het café van het ministerie',
      ]);
    });

    it('keeps list items light: no nested arrays of lessons or actions', async () => {
      const list = await t.http.get('/v1/incidents').set(bearer(org.member.token)).expect(200);
      expect(list.body.items[0].lessons).toBeUndefined();
      expect(list.body.items[0].actions).toBeUndefined();
    });
  });

  describe('at scale: totals counted up to a cap, search ranks the newest 200 matches', () => {
    let big: OrgFixture;
    let chain: string;
    const page = async (query: string) =>
      (await t.http.get(`/v1/incidents?${query}`).set(bearer(big.lead.token)).expect(200)).body as {
        items: Item[];
        total: number;
        totalCapped: boolean;
      };

    beforeAll(async () => {
      big = await createOrganisation(t.http, t.systemToken);
      chain = (await t.http.post('/v1/chains').set(bearer(big.admin.token)).send({ name: 'Uitkeringen' }))
        .body.id;
      // 10,001 incidents an hour apart, from 2025-01-01 (n = 1) on. 250 of them mention a waiting
      // time: n = 1..250, every tenth in its title, the others in the description only; 7 are critical.
      await t.db.query(
        `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                                reported_by_id, severity, public_attention, source, confidentiality, status)
         SELECT $1, $2,
                CASE WHEN n <= 250 AND n % 10 = 0 THEN 'Wachttijd bij de balie ' || n ELSE 'Melding ' || n END,
                CASE WHEN n <= 250 AND n % 10 <> 0 THEN 'Lange wachttijd aan de telefoon.' ELSE 'Iets anders.' END,
                at, at, $3, CASE WHEN n <= 7 THEN 'critical' ELSE 'low' END, 'none', 'staff', 'internal', 'reported'
         FROM generate_series(1, 10001) AS n, LATERAL (SELECT '2025-01-01T00:00:00Z'::timestamptz + n * interval '1 hour' AS at) t`,
        [big.organisationId, chain, big.member.id],
      );
      await t.db.query(
        `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                                reported_by_id, severity, public_attention, source, confidentiality, status)
         SELECT $1, $2, 'Brief kwijt', 'Het gaat om zaak ' || z, now(), now(), $3, 'low', 'none', 'staff', 'internal', 'reported'
         FROM unnest(ARRAY['Z-2024-0063008', 'Z-2024-0063001']) AS z`,
        [big.organisationId, chain, big.member.id],
      );
    });

    it('counts a list up to 10,000 and says so, and counts a narrower one exactly', async () => {
      expect(await page('pageSize=1')).toEqual(
        expect.objectContaining({ total: 10_000, totalCapped: true, items: [expect.any(Object)] }),
      );
      expect(await page('severity=critical&pageSize=5')).toEqual(
        expect.objectContaining({ total: 7, totalCapped: false }),
      );
    });

    it('ranks the newest 200 matches, title matches first, and counts no further', async () => {
      const first = await page('q=wachttijden&pageSize=100');
      expect([first.total, first.totalCapped]).toEqual([200, true]);
      // The window holds n = 51..250; its title matches (every tenth) come first, newest first.
      expect(first.items.slice(0, 20).map((i) => i.title)).toEqual(
        Array.from({ length: 20 }, (_, k) => `Wachttijd bij de balie ${250 - 10 * k}`),
      );
      expect(first.items.slice(20).every((i) => i.title.startsWith('Melding'))).toBe(true);
    });

    it('goes on past the window by date, every match exactly once, whatever the page size', async () => {
      for (const size of [100, 30]) {
        const seen: Item[] = [];
        for (let p = 1; p <= Math.ceil(250 / size) + 1; p++)
          seen.push(...(await page(`q=wachttijd&pageSize=${size}&page=${p}`)).items);
        expect(seen).toHaveLength(250);
        expect(new Set(seen.map((i) => i.id)).size).toBe(250);
        // Past the newest 200: the 50 oldest matches, newest first.
        expect(seen.slice(200).map((i) => i.title)).toEqual(
          Array.from({ length: 50 }, (_, k) =>
            (50 - k) % 10 === 0 ? `Wachttijd bij de balie ${50 - k}` : `Melding ${50 - k}`,
          ),
        );
      }
    });

    it('caps the total of a search in another order too', async () => {
      const byDate = await page('q=wachttijd&sort=-reportedAt&pageSize=2');
      expect(byDate).toEqual(expect.objectContaining({ total: 200, totalCapped: true }));
      expect(byDate.items.map((i) => i.title)).toEqual(['Wachttijd bij de balie 250', 'Melding 249']);
    });

    it('matches a case number exactly, not as the prefix of other numbers', async () => {
      const found = await page(`q=${encodeURIComponent('Z-2024-0063008')}`);
      expect([found.total, found.items.length]).toEqual([1, 1]);
      // By its number part too ("-0063008" to the parser), exactly: not 0063001, nor 00630.
      const part = await page('q=0063008');
      expect([part.total, part.items.map((i) => i.id)]).toEqual([1, found.items.map((i) => i.id)]);
      expect((await page('q=00630')).total).toBe(0);
      // A year: the two cases of 2024, and the incident called "Melding 2024".
      expect((await page('q=2024')).items.map((i) => i.title).sort()).toEqual([
        'Brief kwijt',
        'Brief kwijt',
        'Melding 2024',
      ]);
    });
  });

  describe('the search lexicon: prefixes spelled out as the words the register holds', () => {
    let other: OrgFixture;
    let chain: string;
    const found = async (q: string) =>
      (
        await t.http
          .get(`/v1/incidents?q=${encodeURIComponent(q)}`)
          .set(bearer(other.lead.token))
          .expect(200)
      ).body.items.map((item: Item) => item.title);
    const create = async (title: string) =>
      (
        await t.http
          .post('/v1/incidents')
          .set(bearer(other.member.token))
          .send({
            chainId: chain,
            title,
            occurredAt: '2026-03-01T09:00:00+01:00',
            severity: 'low',
            publicAttention: 'none',
            source: 'staff',
          })
          .expect(201)
      ).body as { id: string; version: number };

    beforeAll(async () => {
      other = await createOrganisation(t.http, t.systemToken);
      chain = (await t.http.post('/v1/chains').set(bearer(other.admin.token)).send({ name: 'Vervoer' })).body
        .id;
    });

    it('finds a word form the moment an incident brings it in, and when an edit does', async () => {
      await create('Dienstfiets kapot');
      // "fietsenrekken" is new to the register: the prefix of "fiets" must include it at once.
      await create('Fietsenrekken vol bij de ingang');
      expect((await found('fiets')).sort()).toEqual(['Fietsenrekken vol bij de ingang']);
      expect((await found('dienstfietsen')).sort()).toEqual(['Dienstfiets kapot']);
      const edited = await create('Parkeerplaats afgesloten');
      await t.http
        .patch(`/v1/incidents/${edited.id}`)
        .set(bearer(other.member.token))
        .send({ version: edited.version, title: 'Fietsenstallingen afgesloten' })
        .expect(200);
      expect((await found('fietsen')).sort()).toEqual([
        'Fietsenrekken vol bij de ingang',
        'Fietsenstallingen afgesloten',
      ]);
      const lexicon = await t.db.query<{ lexeme: string }>(
        `SELECT lexeme FROM search_lexemes WHERE lexeme LIKE 'fiets%' ORDER BY lexeme`,
      );
      expect(lexicon.map((row) => row.lexeme)).toEqual(
        expect.arrayContaining(['fietsenrek', 'fietsenstall']),
      );
    });

    it('lets writers bringing in the same new word go on without waiting for each other', async () => {
      const clients = await Promise.all(
        [1, 2, 3].map(async () => {
          const client = new Client({ connectionString: t.db.url });
          await client.connect();
          // A writer queued behind another's uncommitted word would fail here instead of hanging.
          await client.query(`SET lock_timeout = '2s'`);
          return client;
        }),
      );
      try {
        for (const [n, client] of clients.entries()) {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
               severity, public_attention, source)
             VALUES ($1, $2, $3, now(), now(), $4, 'low', 'none', 'staff')`,
            [
              other.organisationId,
              chain,
              n === 0 ? 'Tegelijk begonnen' : `Tegelijkertijd gemeld ${n}`,
              other.member.id,
            ],
          );
        }
        for (const client of clients) await client.query('COMMIT');
      } finally {
        await Promise.all(clients.map((client) => client.end()));
      }
      // The first writer settled its words; the others' new word waits in the additions, and a
      // prefix spelled out from the settled words alone would miss it.
      const expected = ['Tegelijk begonnen', 'Tegelijkertijd gemeld 1', 'Tegelijkertijd gemeld 2'];
      expect((await found('tegelijk')).sort()).toEqual(expected);
      const pending = async () =>
        (await t.db.query(`SELECT count(*)::int AS n FROM search_lexeme_additions`))[0].n as number;
      expect(await pending()).toBeGreaterThan(0);
      await create('Nog een melding');
      expect(await pending()).toBe(0);
      expect((await found('tegelijk')).sort()).toEqual(expected);
    });

    it('matches exactly what a plain prefix query matches', async () => {
      // The query function as it was before the lexicon: every word a prefix of its shortened stem.
      const prefixQuery = `
        SELECT to_tsquery('simple', string_agg(
          CASE
            WHEN lexeme ~ '^-?[0-9]+([.,][0-9]+)*$' OR length(lexeme) < 2 THEN quote_literal(lexeme)
            WHEN length(lexeme) >= 5 THEN quote_literal(left(lexeme, length(lexeme) - 1)) || ':*'
            ELSE quote_literal(lexeme) || ':*'
          END, ' & '))
        FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', $1))) AS lexeme`;
      const queries = ['fiets', 'fietsen', 'wachttijd', 'aanvragen', 'cafe storing', 'melding', 'zaak', 'a'];
      for (const q of queries) {
        const [{ spelled, prefixed, words }] = await t.db.query(
          `SELECT (SELECT count(*)::int FROM incidents WHERE search @@ leerlus_search_query($1)) AS spelled,
                  (SELECT count(*)::int FROM incidents WHERE search @@ (${prefixQuery})) AS prefixed,
                  leerlus_search_query($1)::text AS words`,
          [q],
        );
        expect({ q, spelled }).toEqual({ q, spelled: prefixed });
        // Spelled out wherever the lexicon has the words (no prefix operator left).
        if (['fiets', 'wachttijd', 'melding'].includes(q)) expect(words).not.toContain(':*');
      }
    });
  });
});
