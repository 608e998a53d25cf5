import { INCIDENT_SIMILARITY } from '@app/domain/incidents/incident-similarity';
import { incidentLessonBody } from './support/incident-lesson-body';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('incidents: recurrence detection ("seen before")', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let chainId: string;
  let otherChainId: string;
  let toeslag: { id: string; lessonId: string };
  let digid: { id: string; lessonId: string };
  let helpdesk: string;

  const report = (title: string, description: string, fixture = org, chain = chainId) =>
    t.http
      .post('/v1/incidents')
      .set(bearer(fixture.member.token))
      .send({
        chainId: chain,
        title,
        description,
        occurredAt: '2026-05-01T09:00:00+02:00',
        severity: 'high',
        publicAttention: 'national',
        source: 'media',
      })
      .expect(201);

  /** Draws a lesson from an incident and, unless told otherwise, has a lead validate it. */
  async function lesson(
    incidentId: string,
    fixture = org,
    status: 'draft' | 'validated' | 'embedded' = 'validated',
  ) {
    const drawn = await t.http
      .post('/v1/lessons')
      .set(bearer(fixture.member.token))
      .send(incidentLessonBody(incidentId))
      .expect(201);
    if (status === 'draft') return drawn.body.id as string;
    const validated = await t.http
      .patch(`/v1/lessons/${drawn.body.id}`)
      .set(bearer(fixture.lead.token))
      .send({ version: 1, status: 'validated', response: 'adopted', responseReason: 'Iedereen is het eens.' })
      .expect(200);
    if (status === 'embedded')
      await t.http
        .patch(`/v1/lessons/${drawn.body.id}`)
        .set(bearer(fixture.lead.token))
        .send({
          version: validated.body.version,
          status: 'embedded',
          evidence: 'Opgenomen in het testbeleid.',
        })
        .expect(200);
    return drawn.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-05-01T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' })).body
      .id;
    otherChainId = (await t.http.post('/v1/chains').set(bearer(other.admin.token)).send({ name: 'Zorg' }))
      .body.id;

    const a = await report(
      'Kinderopvangtoeslag te laat uitbetaald',
      'Duizenden ouders ontvingen de kinderopvangtoeslag voor maart twee weken te laat door een storing in de betaalbatch.',
    );
    toeslag = { id: a.body.id, lessonId: await lesson(a.body.id) };
    const b = await report(
      'Storing DigiD: burgers konden niet inloggen',
      'Door een storing bij DigiD konden burgers een dag lang niet inloggen op Mijn Toeslagen en hun aanvraag niet indienen.',
    );
    digid = { id: b.body.id, lessonId: await lesson(b.body.id, org, 'embedded') };
    // A lesson in draft is not (yet) the organisation's lesson: no recurrence against it.
    helpdesk = (
      await report(
        'Lange wachttijd bij de telefonische helpdesk',
        'Bellers wachtten gemiddeld 45 minuten voordat zij een medewerker spraken.',
      )
    ).body.id;
    await lesson(helpdesk, org, 'draft');
    // Another organisation's identical story never counts.
    const elsewhere = await report(
      'Brief met verkeerde aanslag naar duizenden burgers',
      'Een fout in de sjabloon zette een verkeerd bedrag in de brief.',
      other,
      otherChainId,
    );
    await lesson(elsewhere.body.id, other);
    t.clock.set('2026-11-02T10:00:00+01:00');
  });
  afterAll(() => t.close());

  it('flags late toeslag payments again as a recurrence and names the earlier incident and its lesson', async () => {
    const created = await report(
      'Zorgtoeslag opnieuw te laat uitbetaald aan ouders',
      'De toeslag voor oktober is weer te laat uitbetaald; veel ouders kwamen in de problemen.',
    );
    expect(created.body.recurrence).toBe(true);
    expect(created.body.similarIncidents).toEqual([
      {
        id: toeslag.id,
        title: 'Kinderopvangtoeslag te laat uitbetaald',
        reportedAt: expect.any(String),
        similarity: expect.any(Number),
        lessons: [
          { id: toeslag.lessonId, title: 'Test de betaalketen na elke wijziging', status: 'validated' },
        ],
      },
    ]);
    expect(created.body.similarIncidents[0].similarity).toBeGreaterThanOrEqual(0.3);
    expect(created.body.similarIncidents[0].similarity).toBeLessThanOrEqual(1);
    // The score is the better of the titles' trigram similarity (without the stop words "te" and
    // "aan") and the Dice overlap of the stemmed words, counted here the slow, obvious way.
    const [reference] = await t.db.query(
      `SELECT round(GREATEST(
                similarity('zorgtoeslag opnieuw laat uitbetaald ouders', 'kinderopvangtoeslag laat uitbetaald'),
                2.0 * (SELECT count(*) FROM unnest(tsvector_to_array(a.search)) AS w
                       WHERE w = ANY (tsvector_to_array(b.search)))
                  / (length(a.search) + length(b.search)))::numeric, 3)::float8 AS score
       FROM incidents a, incidents b WHERE a.id = $1 AND b.id = $2`,
      [created.body.id, toeslag.id],
    );
    expect(created.body.similarIncidents[0].similarity).toBe(reference.score);
    const stored = await t.db.query('SELECT recurrence, version FROM incidents WHERE id = $1', [
      created.body.id,
    ]);
    expect(stored).toEqual([{ recurrence: true, version: 1 }]);
    const audit = await t.http
      .get(`/v1/audit-events?entityId=${created.body.id}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(audit.body.items[0].changes.recurrence).toEqual({ from: null, to: true });
  });

  it('keeps the flag through a change of who may see it when everyone may see the earlier incident', async () => {
    const created = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send({
        chainId,
        title: 'Kinderopvangtoeslag alweer te laat uitbetaald',
        description: 'Ouders wachtten opnieuw op hun toeslag.',
        occurredAt: '2026-05-01T09:00:00+02:00',
        severity: 'high',
        publicAttention: 'national',
        source: 'media',
        confidentiality: 'confidential',
      })
      .expect(201);
    expect(created.body.recurrence).toBe(true);
    const published = await t.http
      .patch(`/v1/incidents/${created.body.id}`)
      .set(bearer(org.member.token))
      .send({ confidentiality: 'internal', version: created.body.version })
      .expect(200);
    expect(published.body.recurrence).toBe(true);
    // Gone again: the other tests count the recurrences.
    await t.http.delete(`/v1/incidents/${created.body.id}`).set(bearer(org.lead.token)).expect(204);
  });

  it('scores every pair of stored incidents as the obvious count of shared words does', async () => {
    // The score counts shared words through merging the two vectors (|A| + |B| - |A ∪ B|), from two
    // on; here each word is looked up instead, for every pair of the incidents stored so far.
    const pairs = await t.db.query(
      `SELECT ${INCIDENT_SIMILARITY.score} AS score,
              GREATEST(CASE WHEN similarity(c.norm_title, n.norm_title) >= 0.4
                            THEN similarity(c.norm_title, n.norm_title) ELSE 0 END,
                       CASE WHEN (SELECT count(*) FROM unnest(tsvector_to_array(n.search)) AS w
                                  WHERE w = ANY (tsvector_to_array(c.search))) >= 2
                            THEN 2.0 * (SELECT count(*) FROM unnest(tsvector_to_array(n.search)) AS w
                                        WHERE w = ANY (tsvector_to_array(c.search)))
                                 / NULLIF(length(n.search) + length(c.search), 0) ELSE 0 END) AS obvious,
              2.0 * (SELECT count(*) FROM unnest(tsvector_to_array(n.search)) AS w
                     WHERE w = ANY (tsvector_to_array(c.search)))
                / NULLIF(length(n.search) + length(c.search), 0) > similarity(c.norm_title, n.norm_title) AS "wordsDecide"
       FROM (SELECT search, ${INCIDENT_SIMILARITY.scoredTitle('i.title')} AS norm_title FROM incidents i) c,
            (SELECT search, ${INCIDENT_SIMILARITY.scoredTitle('i.title')} AS norm_title FROM incidents i) n`,
    );
    expect(pairs.length).toBeGreaterThanOrEqual(25);
    expect(pairs.filter((p: { wordsDecide: boolean }) => p.wordsDecide).length).toBeGreaterThan(0);
    expect(pairs.map((p: { score: string }) => Number(p.score))).toEqual(
      pairs.map((p: { obvious: string }) => Number(p.obvious)),
    );
  });
  it('flags a new DigiD outage told in other words, against an embedded lesson', async () => {
    const created = await report(
      'DigiD weer onbereikbaar, inloggen onmogelijk',
      'Burgers konden door een DigiD-storing niet inloggen bij Toeslagen.',
    );
    expect(created.body.recurrence).toBe(true);
    expect(created.body.similarIncidents.map((s: { id: string }) => s.id)).toEqual([digid.id]);
    expect(created.body.similarIncidents[0].lessons[0].status).toBe('embedded');
  });

  it.each([
    [
      'Subsidieregeling voor monumenten onduidelijk geformuleerd',
      'Eigenaren van monumenten begrijpen de voorwaarden van de subsidie niet.',
    ],
    // Same domain, another problem: a toeslag form, not a late payment.
    [
      'Aanvraagformulier huurtoeslag onduidelijk',
      'Burgers begrijpen de vragen op het formulier voor huurtoeslag niet goed.',
    ],
    // Another outage, not DigiD.
    [
      'Storing in de e-mailserver van het ministerie',
      'Medewerkers konden een ochtend geen e-mail versturen.',
    ],
  ])('does not flag an unrelated incident: %s', async (title, description) => {
    const created = await report(title, description);
    expect(created.body).toEqual(expect.objectContaining({ recurrence: false, similarIncidents: [] }));
    const anything = await t.http
      .get(`/v1/incidents/${created.body.id}/similar-incidents?withLessonsOnly=false`)
      .set(bearer(org.member.token))
      .expect(200);
    const titles = anything.body.items.map((s: { title: string }) => s.title);
    expect(titles).not.toContain('Kinderopvangtoeslag te laat uitbetaald');
    expect(titles).not.toContain('Storing DigiD: burgers konden niet inloggen');
  });

  it('does not flag a repeat of an incident whose lesson is still a draft', async () => {
    const created = await report(
      'Opnieuw lange wachttijd bij de telefonische helpdesk',
      'Bellers wachtten weer lang voordat zij iemand spraken.',
    );
    expect(created.body.recurrence).toBe(false);
    // ...but it does show up among all resembling incidents.
    const similar = await t.http
      .get(`/v1/incidents/${created.body.id}/similar-incidents?withLessonsOnly=false`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(similar.body.items.map((s: { id: string }) => s.id)).toContain(helpdesk);
    expect(similar.body.items.find((s: { id: string }) => s.id === helpdesk).lessons[0].status).toBe('draft');
  });

  it('looks up titles with quotes, backslashes and only stop words among all incidents without failing', async () => {
    // A URL keeps its quote in the word the parser makes of it ("a.nl/x'y"): unescaped, the tsquery would not parse.
    const quoted = await report(
      `Lange wachttijd bij de helpdesk van "O'Neill", zie http://a.nl/x'y\\z`,
      'Bellers wachtten lang; de klacht staat op de site.',
    );
    const words = await t.db.query(
      `SELECT tsvector_to_array(to_tsvector('dutch_unaccent', title)) AS w FROM incidents WHERE id = $1`,
      [quoted.body.id],
    );
    expect(words[0].w).toContain("a.nl/x'y");
    const similar = await t.http
      .get(`/v1/incidents/${quoted.body.id}/similar-incidents?withLessonsOnly=false`)
      .set(bearer(org.member.token))
      .expect(200);
    // It shares "helpdesk" and "wachttijd" with the helpdesk incidents.
    expect(similar.body.items.map((s: { id: string }) => s.id)).toContain(helpdesk);
    const stopWords = await report('Het is er niet', 'Dit zegt niets.');
    const none = await t.http
      .get(`/v1/incidents/${stopWords.body.id}/similar-incidents?withLessonsOnly=false`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('decides the flag again when the title or description is filled in or corrected', async () => {
    const draft = await report('Nog invullen', 'Volgt.');
    expect(draft.body.recurrence).toBe(false);
    const completed = await t.http
      .patch(`/v1/incidents/${draft.body.id}`)
      .set(bearer(org.member.token))
      .send({
        version: draft.body.version,
        title: 'Kinderopvangtoeslag opnieuw te laat uitbetaald',
        description: 'Duizenden ouders ontvingen hun kinderopvangtoeslag weer twee weken te laat.',
      })
      .expect(200);
    expect(completed.body.recurrence).toBe(true);
    // Corrected: it was about something else after all.
    const corrected = await t.http
      .patch(`/v1/incidents/${draft.body.id}`)
      .set(bearer(org.member.token))
      .send({
        version: completed.body.version,
        title: 'Lift in het kantoor Utrecht defect',
        description: 'De lift stond een week stil.',
      })
      .expect(200);
    expect(corrected.body.recurrence).toBe(false);
  });

  it("does not compare with another organisation's incidents", async () => {
    const created = await report(
      'Brief met verkeerde aanslag naar duizenden burgers',
      'Een fout in de sjabloon zette een verkeerd bedrag in de brief.',
    );
    expect(created.body).toEqual(expect.objectContaining({ recurrence: false, similarIncidents: [] }));
  });

  it('lists the evidence again on GET similar-incidents, and finds recurrences with the filter', async () => {
    const list = await t.http.get('/v1/incidents?recurrence=true').set(bearer(org.member.token)).expect(200);
    expect(list.body.items.map((i: { title: string }) => i.title).sort()).toEqual([
      'DigiD weer onbereikbaar, inloggen onmogelijk',
      'Zorgtoeslag opnieuw te laat uitbetaald aan ouders',
    ]);
    const recurrence = list.body.items.find((i: { title: string }) => i.title.startsWith('Zorgtoeslag'));
    const similar = await t.http
      .get(`/v1/incidents/${recurrence.id}/similar-incidents`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(similar.body.items.map((s: { id: string }) => s.id)).toEqual([toeslag.id]);
    // An earlier incident is never "seen before" by a later one, not even a later one with a lesson.
    const later = await lesson(recurrence.id);
    const earlier = await t.http
      .get(`/v1/incidents/${toeslag.id}/similar-incidents`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(earlier.body.items).toEqual([]);
    const resembling = await t.http
      .get(`/v1/incidents/${toeslag.id}/similar-incidents?withLessonsOnly=false`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(resembling.body.items.map((s: { id: string }) => s.id)).toContain(recurrence.id);
    await t.http
      .patch(`/v1/lessons/${later}`)
      .set(bearer(org.lead.token))
      .send({ version: 2, status: 'retired' })
      .expect(200);
    // Plain decimal integers only, as page and pageSize: 0x10 and 1e1 are not read as 16 and 10.
    for (const limit of ['0', '51', '0x10', '1e1', ' 5'])
      await t.http
        .get(`/v1/incidents/${toeslag.id}/similar-incidents?limit=${encodeURIComponent(limit)}`)
        .set(bearer(org.member.token))
        .expect(400);
    await t.http
      .get(`/v1/incidents/${toeslag.id}/similar-incidents`)
      .set(bearer(other.admin.token))
      .expect(404);
  });

  it('finds the learned incident among many more similar titles without a lesson', async () => {
    // The check scores only the nearest titles; those without a validated lesson must not crowd it out.
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                              reported_by_id, severity, public_attention, source, confidentiality, status)
       SELECT $1, $2, 'Kinderopvangtoeslag te laat uitbetaald (melding ' || n || ')', '', at, at, $3,
              'low', 'none', 'staff', 'internal', 'reported'
       FROM generate_series(1, 100) AS n, LATERAL (SELECT '2026-06-01T00:00:00Z'::timestamptz + n * interval '1 hour' AS at) t`,
      [org.organisationId, chainId, org.member.id],
    );
    const created = await report(
      'Kinderopvangtoeslag weer te laat uitbetaald',
      'Ouders wachten op hun geld.',
    );
    expect(created.body.recurrence).toBe(true);
    expect(created.body.similarIncidents.map((s: { id: string }) => s.id)).toEqual([toeslag.id]);
    // Every resembling incident, as many as asked for (more than the check scores): 100 are alike.
    const similar = async (limit: number) =>
      (
        await t.http
          .get(`/v1/incidents/${created.body.id}/similar-incidents?withLessonsOnly=false&limit=${limit}`)
          .set(bearer(org.member.token))
          .expect(200)
      ).body.items.length;
    expect([await similar(10), await similar(20), await similar(50)]).toEqual([10, 20, 50]);
  });

  it('finds an older learned incident by a rarer word when many newer learned ones share a common word', async () => {
    // Per word of the title only the newest learned incidents are looked up: 60 newer lessons about
    // "wachttijd" must not hide the one that also shares "bezwaarschriften" and "huurtoeslag".
    const older = await report(
      'Wachttijd bezwaarschriften huurtoeslag opgelopen',
      'Bezwaarmakers wachten maanden op een beslissing.',
    );
    await lesson(older.body.id);
    await t.db.query(
      `WITH incident AS (
         INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                                reported_by_id, severity, public_attention, source, confidentiality, status)
         SELECT $1, $2, 'Wachttijd telefonische helpdesk ' || n || ' minuten', '', at, at, $3,
                'low', 'none', 'staff', 'internal', 'analysing'
         FROM generate_series(1, 60) AS n, LATERAL (SELECT $4::timestamptz + n * interval '1 minute' AS at) t
         RETURNING id)
       INSERT INTO lessons (organisation_id, source_type, source_id, title, addressed_role, status, drawn_by_id)
       SELECT $1, 'incident', id, 'Meer bellers aankunnen', 'all', 'validated', $3 FROM incident`,
      [org.organisationId, chainId, org.member.id, '2026-11-02T10:00:00+01:00'],
    );
    t.clock.set('2026-11-02T12:00:00+01:00');
    const newerLearned = await t.db.query(
      `SELECT count(*)::int AS n FROM learned_incident_words WHERE organisation_id = $1 AND word = 'wachttijd'
         AND incident_id <> $2`,
      [org.organisationId, older.body.id],
    );
    expect(newerLearned).toEqual([{ n: 60 }]);
    const created = await report(
      'Wachttijd bezwaarschriften huurtoeslag weer opgelopen',
      'Opnieuw wachten bezwaarmakers maanden.',
    );
    expect(created.body.recurrence).toBe(true);
    expect(created.body.similarIncidents[0].id).toBe(older.body.id);
  });

  it("lists a member's visible match although hidden learned incidents have nearer titles", async () => {
    // 25 confidential incidents the member may not see, titled exactly as the new one, with
    // validated lessons: they make it a recurrence, but must not push the visible match out.
    const visible = await report(
      'Parkeervergunning te laat verlengd voor bewoners in Zwolle',
      'Bewoners kregen hun verlengde vergunning pas na de vervaldatum.',
    );
    await lesson(visible.body.id);
    await t.db.query(
      `WITH incident AS (
         INSERT INTO incidents (organisation_id, chain_id, title, description, occurred_at, reported_at,
                                reported_by_id, severity, public_attention, source, confidentiality, status)
         SELECT $1, $2, 'Parkeervergunning te laat verlengd', '', at, at, $3,
                'low', 'none', 'staff', 'confidential', 'analysing'
         FROM generate_series(1, 25) AS n, LATERAL (SELECT $4::timestamptz + n * interval '1 minute' AS at) t
         RETURNING id)
       INSERT INTO lessons (organisation_id, source_type, source_id, title, addressed_role, status, drawn_by_id)
       SELECT $1, 'incident', id, 'Eerder verlengen', 'all', 'validated', $3 FROM incident`,
      [org.organisationId, chainId, org.lead.id, '2026-11-02T10:30:00+01:00'],
    );
    t.clock.set('2026-11-02T13:00:00+01:00');
    const created = await report('Parkeervergunning te laat verlengd', 'Weer te laat.');
    expect(created.body.recurrence).toBe(true);
    expect(created.body.similarIncidents.map((s: { id: string }) => s.id)).toEqual([visible.body.id]);
    const listed = await t.http
      .get(`/v1/incidents/${created.body.id}/similar-incidents`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([visible.body.id]);
    // A lead sees them all, the nearest first.
    const lead = await t.http
      .get(`/v1/incidents/${created.body.id}/similar-incidents?limit=30`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(lead.body.items).toHaveLength(26);
  });

  it('does not flag an unrelated short title that shares one common word with a learned one', async () => {
    // Last in this file: a learned short title that the others' similar incidents would list.
    const payments = await report('Storing in betaalstraat', 'De betaalstraat lag twee uur plat.');
    await lesson(payments.body.id);
    // These share "storing" (and stop words) with it and nothing else: their titles' trigrams alone
    // came to 0.32–0.35.
    for (const [title, description] of [
      ['Storing in koffieautomaat', 'Geen koffie op de vierde verdieping.'],
      ['Storing in de printer', 'De printer op de derde verdieping doet het niet.'],
      ['Storing', 'Iets werkt niet.'],
    ]) {
      const created = await report(title, description);
      expect([title, created.body.recurrence, created.body.similarIncidents]).toEqual([title, false, []]);
    }
  });

  it('does not flag titles without a description that share one word with a learned one', async () => {
    // Two words each, one shared: their overlap alone was 2·1/4 = 0.5, above the threshold.
    const tills = await report('Storing in de kantine', '');
    await lesson(tills.body.id);
    for (const title of ['Storing in de printer', 'Storing in het telefoonsysteem']) {
      const created = await report(title, '');
      expect([title, created.body.recurrence, created.body.similarIncidents]).toEqual([title, false, []]);
    }
    // Two shared words of two are the same story told shorter.
    const again = await report('Kantine storing', '');
    expect([again.body.recurrence, again.body.similarIncidents.map((s: { id: string }) => s.id)]).toEqual([
      true,
      [tills.body.id],
    ]);
  });
});
