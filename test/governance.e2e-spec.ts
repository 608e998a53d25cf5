import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('governance: organisations, teams, people, chains and triangles', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken, 'Ministerie van Onderwijs, Cultuur en Wetenschap');
  });
  afterAll(() => t.close());

  it('lets the system administrator list all organisations and others only their own', async () => {
    const all = await t.http.get('/v1/organisations').set(bearer(t.systemToken)).expect(200);
    expect(all.body.items.map((o: { id: string }) => o.id)).toContain(org.organisationId);
    const own = await t.http.get('/v1/organisations').set(bearer(org.member.token)).expect(200);
    expect(own.body).toEqual(
      expect.objectContaining({ total: 1, items: [expect.objectContaining({ id: org.organisationId })] }),
    );
  });

  it('filters organisations by kind', async () => {
    await t.http
      .post('/v1/organisations')
      .set(bearer(t.systemToken))
      .send({ name: 'Provincie Utrecht', kind: 'provincie' })
      .expect(201);
    const response = await t.http
      .get('/v1/organisations?kind=provincie')
      .set(bearer(t.systemToken))
      .expect(200);
    expect(response.body.items.map((o: { name: string }) => o.name)).toEqual(['Provincie Utrecht']);
  });

  it('manages people with teams, and filters them', async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Directie Beleid' })
      .expect(201);
    const person = await t.http
      .post('/v1/people')
      .set(bearer(org.admin.token))
      .send({
        name: 'Dirk de Vries',
        email: 'Dirk@Example.nl',
        accessRole: 'lead',
        locale: 'en',
        teamIds: [team.body.id],
      })
      .expect(201);
    expect(person.body).toEqual(
      expect.objectContaining({
        organisationId: org.organisationId,
        teamIds: [team.body.id],
        locale: 'en',
        accessRole: 'lead',
        version: 1,
      }),
    );
    const byTeam = await t.http
      .get(`/v1/people?teamId=${team.body.id}`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(byTeam.body.items.map((p: { name: string }) => p.name)).toEqual(['Dirk de Vries']);
    const byRole = await t.http.get('/v1/people?accessRole=admin').set(bearer(org.member.token)).expect(200);
    expect(byRole.body.items.map((p: { id: string }) => p.id)).toEqual([org.admin.id]);

    const duplicate = await t.http
      .post('/v1/people')
      .set(bearer(org.admin.token))
      .send({ name: 'Dubbel', email: 'dirk@example.NL', accessRole: 'member' })
      .expect(409);
    expect(duplicate.body.invalidParams).toEqual([{ name: 'email', reason: 'already in use' }]);
    // Unique within an organisation: another organisation's admin learns nothing from the address,
    // and someone working for two organisations has a place in each.
    const elsewhere = await createOrganisation(t.http, t.systemToken);
    await t.http
      .post('/v1/people')
      .set(bearer(elsewhere.admin.token))
      .send({ name: 'Dirk de Vries', email: 'dirk@example.nl', accessRole: 'member' })
      .expect(201);

    const updated = await t.http
      .patch(`/v1/people/${person.body.id}`)
      .set(bearer(org.admin.token))
      .send({ teamIds: [], version: 1 })
      .expect(200);
    expect(updated.body.teamIds).toEqual([]);
    expect(updated.body.version).toBe(2);
  });

  it('takes an e-mail address that mail and calendars carry as it is, and refuses others naming email', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM people'))[0].n;
    for (const email of [
      '"a;b,c"@example.nl',
      'jürgen@bücher.example',
      'root@[10.0.0.1]',
      'ann@localhost',
      // A mailto: URI would read these as another address: "quinn", and escapes.
      'quinn?x=1@example.nl',
      'p%41q@example.nl',
      'h#x@example.nl',
    ]) {
      const refused = await t.http
        .post('/v1/people')
        .set(bearer(org.admin.token))
        .send({ name: 'Adres Test', email, accessRole: 'member' })
        .expect(400);
      expect([email, refused.body.invalidParams.map((p: { name: string }) => p.name)]).toEqual([
        email,
        ['email'],
      ]);
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM people'))[0].n).toBe(before);
    const accepted = await t.http
      .post('/v1/people')
      .set(bearer(org.admin.token))
      .send({ name: 'Jürgen Bücher', email: "j.o'brien+leerlus@xn--bcher-kva.example", accessRole: 'member' })
      .expect(201);
    const changed = await t.http
      .patch(`/v1/people/${accepted.body.id}`)
      .set(bearer(org.admin.token))
      .send({ version: 1, email: 'jürgen@bücher.example' })
      .expect(400);
    expect(changed.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['email']);
  });

  it('lists people by name, page by page, each with its teams as their detail shows them', async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Team Aanvragen' })
      .expect(201);
    const aafke = await t.http
      .post('/v1/people')
      .set(bearer(org.admin.token))
      .send({
        name: 'Aafke Bakker',
        email: 'aafke@example.nl',
        accessRole: 'member',
        teamIds: [team.body.id],
      })
      .expect(201);
    // As Dutch readers sort: a lower-case "de" and an Å among the others, not after every capital.
    for (const [name, email] of [
      ['Zoë Zwart', 'zoe@example.nl'],
      ['de Boer', 'deboer@example.nl'],
      ['Ådne Aas', 'adne@example.nl'],
    ])
      await t.http
        .post('/v1/people')
        .set(bearer(org.admin.token))
        .send({ name, email, accessRole: 'member' })
        .expect(201);
    const listed: { id: string; name: string }[] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const body = (
        await t.http.get(`/v1/people?pageSize=2&page=${page}`).set(bearer(org.admin.token)).expect(200)
      ).body;
      listed.push(...body.items);
      total = body.total;
      if (body.items.length < 2) break;
    }
    expect(listed).toHaveLength(total);
    expect(total).toBeGreaterThanOrEqual(4);
    const names = listed.map((p) => p.name);
    expect(
      names.filter((name) => ['Zoë Zwart', 'de Boer', 'Ådne Aas', 'Aafke Bakker'].includes(name)),
    ).toEqual(['Aafke Bakker', 'Ådne Aas', 'de Boer', 'Zoë Zwart']);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'nl')));
    for (const person of listed) {
      const detail = await t.http.get(`/v1/people/${person.id}`).set(bearer(org.admin.token)).expect(200);
      expect(person).toEqual(detail.body);
    }
    expect(listed.find((p) => p.id === aafke.body.id)).toEqual(
      expect.objectContaining({ teamIds: [team.body.id] }),
    );
  });

  it('refuses null for a required field on PATCH', async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Tijdelijk' })
      .expect(201);
    const response = await t.http
      .patch(`/v1/teams/${team.body.id}`)
      .set(bearer(org.admin.token))
      .send({ name: null, version: 1 })
      .expect(400);
    expect(response.body.invalidParams[0].name).toBe('name');
  });

  it('names the e-mail address also to the requests that raced with the one that took it', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.http
          .post('/v1/people')
          .set(bearer(org.admin.token))
          .send({ name: `Gelijktijdig ${i}`, email: 'Tegelijk@example.nl', accessRole: 'member' }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.invalidParams).toEqual([{ name: 'email', reason: 'already in use' }]);
    }
  });

  it('keeps names as people read them, so unique names cannot differ in spaces alone', async () => {
    const created = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: '  Team\u00a0Toezicht\t en  Handhaving ' })
      .expect(201);
    expect(created.body.name).toBe('Team Toezicht en Handhaving');
    // The list's name filter reads a name the same way.
    const found = await t.http
      .get('/v1/teams?name=toezicht%20%20en%09handhaving%20')
      .set(bearer(org.admin.token))
      .expect(200);
    expect(found.body.items.map((team: { id: string }) => team.id)).toEqual([created.body.id]);
    for (const twin of [
      'team toezicht en handhaving ',
      'Team\u00a0Toezicht en Handhaving',
      'Team Toe\u200bzicht en Hand\u00adhaving',
    ]) {
      const refused = await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: twin });
      expect(refused.status).toBe(409);
      expect(refused.body.invalidParams).toEqual([{ name: 'name', reason: 'already in use' }]);
      expect(refused.body.detail).toMatch(/team with this name exists already/);
    }
    const chain = await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Keten Een' });
    expect(chain.status).toBe(201);
    await t.http
      .post('/v1/chains')
      .set(bearer(org.admin.token))
      .send({ name: ' Keten\u00a0Een' })
      .expect(409);
    const renamed = await t.http
      .patch(`/v1/chains/${chain.body.id}`)
      .set(bearer(org.admin.token))
      .send({ name: 'Keten  Twee ', version: chain.body.version })
      .expect(200);
    expect(renamed.body.name).toBe('Keten Twee');
    const organisation = await t.http
      .post('/v1/organisations')
      .set(bearer(t.systemToken))
      .send({ name: 'Provincie  Drenthe ', kind: 'provincie' })
      .expect(201);
    expect(organisation.body.name).toBe('Provincie Drenthe');
    await t.http
      .post('/v1/organisations')
      .set(bearer(t.systemToken))
      .send({ name: 'provincie\u00a0drenthe', kind: 'provincie' })
      .expect(409);
    await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: ' \u00a0 ' }).expect(400);
  });

  it("keeps people's names as people read them: listed, found and changed without what nobody sees", async () => {
    const fresh = await createOrganisation(t.http, t.systemToken);
    const add = async (name: string) =>
      (
        await t.http
          .post('/v1/people')
          .set(bearer(fresh.admin.token))
          .send({ name, email: `${Math.random().toString(36).slice(2)}@example.nl`, accessRole: 'member' })
          .expect(201)
      ).body;
    const zacharias = await add(' Zacharias Zwart');
    const jan = await add('Jan van\u00a0der Berg');
    const bert = await add('Bert  de Boer\t');
    const celine = await add('Ce\u0301line Claes');
    expect([zacharias.name, jan.name, bert.name, celine.name]).toEqual([
      'Zacharias Zwart',
      'Jan van der Berg',
      'Bert de Boer',
      'C\u00e9line Claes',
    ]);
    const names = async (query: string) =>
      (await t.http.get(`/v1/people${query}`).set(bearer(fresh.admin.token)).expect(200)).body.items.map(
        (p: { name: string }) => p.name,
      );
    expect(await names('')).toEqual([
      'Anna Admin',
      'Bert de Boer',
      'C\u00e9line Claes',
      'Jan van der Berg',
      'Lars Leidinggevende',
      'Mo Medewerker',
      'Zacharias Zwart',
    ]);
    // The filter reads a name the same way: spaces of any kind, a decomposed accent.
    expect(await names('?name=van%20der%20Berg')).toEqual(['Jan van der Berg']);
    expect(await names('?name=%20van%C2%A0der%20%20berg%09')).toEqual(['Jan van der Berg']);
    expect(await names('?name=Bert%20de%20Boer')).toEqual(['Bert de Boer']);
    expect(await names(`?name=${encodeURIComponent('C\u00e9line')}`)).toEqual(['C\u00e9line Claes']);
    expect(await names(`?name=${encodeURIComponent('Ce\u0301line')}`)).toEqual(['C\u00e9line Claes']);
    // A change that changes only what nobody sees is none; a new name is stored as read.
    const same = await t.http
      .patch(`/v1/people/${zacharias.id}`)
      .set(bearer(fresh.admin.token))
      .send({ name: 'Zacharias\u200b  Zwart ', version: zacharias.version })
      .expect(200);
    expect([same.body.name, same.body.version]).toEqual(['Zacharias Zwart', zacharias.version]);
    const renamed = await t.http
      .patch(`/v1/people/${zacharias.id}`)
      .set(bearer(fresh.admin.token))
      .send({ name: ' Zacharias\u00a0Zwart-Zuid', version: zacharias.version })
      .expect(200);
    expect(renamed.body.name).toBe('Zacharias Zwart-Zuid');
    const blank = await t.http
      .post('/v1/people')
      .set(bearer(fresh.admin.token))
      .send({ name: ' \u00a0\u200b ', email: 'leeg@example.nl', accessRole: 'member' })
      .expect(400);
    expect(blank.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['name']);
  });

  describe('optimistic locking', () => {
    it('gives 409 to a stale version and changes nothing', async () => {
      const chain = await t.http
        .post('/v1/chains')
        .set(bearer(org.admin.token))
        .send({ name: 'Studiefinanciering' })
        .expect(201);
      await t.http
        .patch(`/v1/chains/${chain.body.id}`)
        .set(bearer(org.admin.token))
        .send({ description: 'eerste', version: 1 })
        .expect(200);
      const stale = await t.http
        .patch(`/v1/chains/${chain.body.id}`)
        .set(bearer(org.admin.token))
        .send({ description: 'tweede', version: 1 })
        .expect(409);
      expect(stale.body.currentVersion).toBe(2);
      const current = await t.http
        .get(`/v1/chains/${chain.body.id}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(current.body).toEqual(expect.objectContaining({ description: 'eerste', version: 2 }));
    });

    it('gives a person no new version for a change that changes nothing, as teams and chains', async () => {
      const person = await createPerson(t.http, org.admin.token, { name: 'Nina Nul', accessRole: 'member' });
      const read = await t.http.get(`/v1/people/${person.id}`).set(bearer(org.admin.token)).expect(200);
      const same = await t.http
        .patch(`/v1/people/${person.id}`)
        .set(bearer(org.admin.token))
        .send({ locale: read.body.locale, name: read.body.name, teamIds: [], version: read.body.version })
        .expect(200);
      expect(same.body.version).toBe(read.body.version);
      const events = await t.db.query(
        `SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
        [person.id],
      );
      expect(events).toEqual([]);
      // A client still holding that version changes it.
      const renamed = await t.http
        .patch(`/v1/people/${person.id}`)
        .set(bearer(org.admin.token))
        .send({ name: 'Nina Een', version: read.body.version })
        .expect(200);
      expect(renamed.body.version).toBe(read.body.version + 1);
    });

    it('requires the version on PATCH', async () => {
      const chain = await t.http
        .post('/v1/chains')
        .set(bearer(org.admin.token))
        .send({ name: 'Zonder versie' })
        .expect(201);
      const response = await t.http
        .patch(`/v1/chains/${chain.body.id}`)
        .set(bearer(org.admin.token))
        .send({ description: 'x' })
        .expect(400);
      expect(response.body.invalidParams[0].name).toBe('version');
    });

    it('lets exactly one of two concurrent updates with the same version win', async () => {
      const team = await t.http
        .post('/v1/teams')
        .set(bearer(org.admin.token))
        .send({ name: 'Race' })
        .expect(201);
      const results = await Promise.all(
        ['Een', 'Twee'].map((name) =>
          t.http
            .patch(`/v1/teams/${team.body.id}`)
            .set(bearer(org.admin.token))
            .send({ name: `Race ${name}`, version: 1 }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });
  });

  describe('triangle', () => {
    let chainId: string;
    let sg: string;
    let dg1: string;
    let dg2: string;
    let director: string;

    beforeAll(async () => {
      chainId = (
        await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
      ).body.id;
      sg = (await createPerson(t.http, org.admin.token, { name: 'Sanne SG', accessRole: 'lead' })).id;
      dg1 = (await createPerson(t.http, org.admin.token, { name: 'Daan DG', accessRole: 'lead' })).id;
      dg2 = (await createPerson(t.http, org.admin.token, { name: 'Dewi DG', accessRole: 'lead' })).id;
      director = (
        await createPerson(t.http, org.admin.token, { name: 'Omar Uitvoering', accessRole: 'lead' })
      ).id;
    });

    const assign = (role: string, personId: string, extra: object = {}) =>
      t.http
        .post(`/v1/chains/${chainId}/role-assignments`)
        .set(bearer(org.admin.token))
        .send({ role, personId, ...extra });

    it('reports every role vacant for a new chain', async () => {
      const health = await t.http
        .get(`/v1/chains/${chainId}/triangle-health`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(health.body).toEqual(
        expect.objectContaining({
          healthy: false,
          on: '2026-06-15',
          vacantRoles: ['owner', 'commissioner', 'contractor'],
          mixedRoles: [],
        }),
      );
    });

    it('is healthy with owner, two commissioners and a contractor', async () => {
      const first = await assign('owner', sg).expect(201);
      expect(first.body.validFrom).toBe('2026-06-15');
      await assign('commissioner', dg1).expect(201);
      await assign('commissioner', dg2).expect(201);
      await assign('contractor', director).expect(201);
      const health = await t.http
        .get(`/v1/chains/${chainId}/triangle-health`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(health.body).toEqual(
        expect.objectContaining({ healthy: true, vacantRoles: [], mixedRoles: [], expiredAssignments: [] }),
      );
    });

    it('has one owner and one contractor at a time, and nobody in one role twice', async () => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM role_assignments WHERE chain_id = $1`, [
        chainId,
      ]);
      const second = await assign('owner', dg1).expect(409);
      expect(second.body.detail).toMatch(/another owner over that period .*end that assignment first/);
      await assign('contractor', dg2, { validFrom: '2026-07-01' }).expect(409);
      await assign('commissioner', dg1, { validFrom: '2026-07-01' }).expect(409);
      expect(
        await t.db.query(`SELECT count(*)::int AS n FROM role_assignments WHERE chain_id = $1`, [chainId]),
      ).toEqual(before);
      // A successor after the owner's term ends; the term cannot then be stretched over theirs.
      const [owner] = (
        await t.http.get(`/v1/chains/${chainId}/role-assignments?role=owner`).set(bearer(org.admin.token))
      ).body.items;
      const ended = await t.http
        .patch(`/v1/chains/${chainId}/role-assignments/${owner.id}`)
        .set(bearer(org.admin.token))
        .send({ validTo: '2026-12-31', version: owner.version })
        .expect(200);
      await assign('owner', dg1, { validFrom: '2027-01-01' }).expect(201);
      await t.http
        .patch(`/v1/chains/${chainId}/role-assignments/${owner.id}`)
        .set(bearer(org.admin.token))
        .send({ validTo: null, version: ended.body.version })
        .expect(409);
    });

    it('lets a double owner from before the rule be ended', async () => {
      const [owner] = await t.db.query(
        `INSERT INTO role_assignments (chain_id, person_id, role, valid_from) VALUES ($1, $2, 'owner', '2026-01-01')
         RETURNING id, version`,
        [chainId, dg2],
      );
      await t.http
        .patch(`/v1/chains/${chainId}/role-assignments/${owner.id}`)
        .set(bearer(org.admin.token))
        .send({ validTo: '2026-06-30', version: owner.version })
        .expect(200);
      await t.http
        .patch(`/v1/chains/${chainId}/role-assignments/${owner.id}`)
        .set(bearer(org.admin.token))
        .send({ validTo: '2027-06-30', version: owner.version + 1 })
        .expect(409);
      await t.db.query(`DELETE FROM role_assignments WHERE id = $1`, [owner.id]);
    });

    it('keeps a chain with role assignments: they are its history', async () => {
      const chain = await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Vergissing' });
      const assignment = await t.http
        .post(`/v1/chains/${chain.body.id}/role-assignments`)
        .set(bearer(org.admin.token))
        .send({ role: 'owner', personId: sg })
        .expect(201);
      const refused = await t.http
        .delete(`/v1/chains/${chain.body.id}`)
        .set(bearer(org.admin.token))
        .expect(409);
      expect(refused.body.detail).toMatch(/1 role assignment/);
      await t.http
        .delete(`/v1/chains/${chain.body.id}/role-assignments/${assignment.body.id}`)
        .set(bearer(org.admin.token))
        .expect(204);
      await t.http.delete(`/v1/chains/${chain.body.id}`).set(bearer(org.admin.token)).expect(204);
    });

    it('flags a person in two roles', async () => {
      await assign('commissioner', sg).expect(201);
      const health = await t.http
        .get(`/v1/chains/${chainId}/triangle-health`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(health.body.healthy).toBe(false);
      expect(health.body.mixedRoles).toEqual([{ personId: sg, roles: ['owner', 'commissioner'] }]);
    });

    it('keeps history: an ended role becomes vacant and shows as expired', async () => {
      const current = await t.http
        .get(`/v1/chains/${chainId}/role-assignments?role=contractor&current=true`)
        .set(bearer(org.member.token))
        .expect(200);
      const contractor = current.body.items[0];
      await t.http
        .patch(`/v1/chains/${chainId}/role-assignments/${contractor.id}`)
        .set(bearer(org.admin.token))
        .send({ validTo: '2026-06-30', version: contractor.version })
        .expect(200);
      const july = await t.http
        .get(`/v1/chains/${chainId}/triangle-health?on=2026-07-01`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(july.body.vacantRoles).toEqual(['contractor']);
      expect(july.body.expiredAssignments.map((a: { id: string }) => a.id)).toEqual([contractor.id]);
      const all = await t.http
        .get(`/v1/chains/${chainId}/role-assignments?role=contractor`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(all.body.total).toBe(1);
    });

    it('refuses a period that ends before it starts, a person of another organisation and a bad date', async () => {
      await assign('owner', sg, { validFrom: '2026-06-10', validTo: '2026-06-01' }).expect(400);
      const outsider = await createOrganisation(t.http, t.systemToken);
      const response = await assign('owner', outsider.member.id).expect(422);
      expect(response.body.invalidParams[0].name).toBe('personId');
      const badDate = await assign('owner', sg, { validFrom: '15-06-2026' }).expect(400);
      expect(badDate.body.invalidParams[0].name).toBe('validFrom');
      // A typo in the year would rewrite the triangle of every quarter.
      for (const [field, dates] of [
        ['validFrom', { validFrom: '0001-01-01' }],
        ['validFrom', { validFrom: '9999-01-01' }],
        ['validTo', { validTo: '2999-12-31' }],
      ] as const) {
        const far = await assign('owner', sg, dates).expect(400);
        expect(far.body.invalidParams).toEqual([
          {
            name: field,
            reason: expect.stringMatching(/^must lie between 1900-01-01 and \d{4}-\d{2}-\d{2}$/),
          },
        ]);
      }
    });

    it('refuses to delete a person who holds a role (409) and keeps them', async () => {
      const response = await t.http.delete(`/v1/people/${director}`).set(bearer(org.admin.token)).expect(409);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      await t.http.get(`/v1/people/${director}`).set(bearer(org.admin.token)).expect(200);
    });
  });

  describe('admins and the system administrator', () => {
    it('keeps an admin in every organisation: the last one cannot lose the role or be deleted', async () => {
      const fresh = await createOrganisation(t.http, t.systemToken);
      const me = await t.http.get(`/v1/people/${fresh.admin.id}`).set(bearer(fresh.admin.token)).expect(200);
      const demote = await t.http
        .patch(`/v1/people/${fresh.admin.id}`)
        .set(bearer(fresh.admin.token))
        .send({ accessRole: 'member', version: me.body.version })
        .expect(409);
      expect(demote.body.detail).toMatch(/last admin/);
      // With a second admin, either may go.
      const second = await t.http
        .patch(`/v1/people/${fresh.lead.id}`)
        .set(bearer(fresh.admin.token))
        .send({ accessRole: 'admin', version: 1 })
        .expect(200);
      expect(second.body.accessRole).toBe('admin');
      await t.http
        .patch(`/v1/people/${fresh.admin.id}`)
        .set(bearer(fresh.admin.token))
        .send({ accessRole: 'member', version: me.body.version })
        .expect(200);
      const admins = await t.http
        .get('/v1/people?accessRole=admin')
        .set(bearer(fresh.lead.token))
        .expect(200);
      expect(admins.body.items.map((p: any) => p.id)).toEqual([fresh.lead.id]);
    });

    it('lets the system administrator take an organisation made by mistake apart: its last admin, then itself', async () => {
      const created = await t.http
        .post('/v1/organisations')
        .set(bearer(t.systemToken))
        .send({ name: 'Provincie Utrect (typfout)', kind: 'provincie' })
        .expect(201);
      const admin = await createPerson(t.http, t.systemToken, {
        name: 'Eerste Beheerder',
        accessRole: 'admin',
        organisationId: created.body.id,
      });
      await t.http.delete(`/v1/organisations/${created.body.id}`).set(bearer(t.systemToken)).expect(409);
      await t.http.delete(`/v1/people/${admin.id}`).set(bearer(t.systemToken)).expect(204);
      await t.http.delete(`/v1/organisations/${created.body.id}`).set(bearer(t.systemToken)).expect(204);
    });

    it('deletes an emptied organisation with its delivery log, but not while messages are still to be sent', async () => {
      const created = await t.http
        .post('/v1/organisations')
        .set(bearer(t.systemToken))
        .send({ name: 'Gemeente Met Berichten (typfout)', kind: 'gemeente' })
        .expect(201);
      const organisationId = created.body.id;
      const admin = await createPerson(t.http, t.systemToken, {
        name: 'Bea Beheerder',
        accessRole: 'admin',
        organisationId,
      });
      const series = await t.http
        .post('/v1/reflection-series')
        .set(bearer(admin.token))
        .send({
          title: 'Per ongeluk gepland',
          kind: 'leadership',
          chairId: admin.id,
          participantIds: [],
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          firstStart: '2026-07-06T10:00:00+02:00',
          durationMinutes: 60,
          reminderOffsets: ['P1D'],
        })
        .expect(201);
      const log = () =>
        t.db.query<{ id: string; status: string }>(
          `SELECT id, status FROM notifications WHERE organisation_id = $1 ORDER BY id`,
          [organisationId],
        );
      // A history as the worker leaves it: an outcome request sent, one failed and retried (an
      // audited change of it), failing again. (A reminder sent would keep the series.)
      const [sent, failed] = await t.db.query<{ id: string }>(
        `SELECT id FROM notifications WHERE organisation_id = $1 AND kind = 'outcome-request' ORDER BY id`,
        [organisationId],
      );
      await t.db.query(`UPDATE notifications SET status = 'sent', sent_at = now() WHERE id = $1`, [sent.id]);
      await t.db.query(`UPDATE notifications SET status = 'failed' WHERE id = $1`, [failed.id]);
      await t.http.post(`/v1/notifications/${failed.id}/retry`).set(bearer(admin.token)).expect(200);
      await t.db.query(`UPDATE notifications SET status = 'failed' WHERE id = $1`, [failed.id]);
      await t.http.delete(`/v1/reflection-series/${series.body.id}`).set(bearer(admin.token)).expect(204);
      await t.http.delete(`/v1/people/${admin.id}`).set(bearer(t.systemToken)).expect(204);
      const history = await log();
      expect(new Set(history.map((n) => n.status))).toEqual(new Set(['sent', 'failed', 'cancelled']));

      // A message still to go (a withdrawal from a calendar, due now) holds it back, and says so.
      await t.db.query(`UPDATE notifications SET status = 'pending' WHERE id = $1`, [history[2].id]);
      const refused = await t.http.delete(`/v1/organisations/${organisationId}`).set(bearer(t.systemToken));
      expect([refused.status, refused.body.detail]).toEqual([
        409,
        expect.stringMatching(/still has a message to send.*worker sends/),
      ]);
      expect(await log()).toEqual(history.map((n, k) => (k === 2 ? { ...n, status: 'pending' } : n)));

      await t.db.query(`UPDATE notifications SET status = 'sent' WHERE id = $1`, [history[2].id]);
      const cancelled = await t.db.query<{ id: string; cancel_reason: string }>(
        `SELECT id, cancel_reason FROM notifications WHERE organisation_id = $1 AND status = 'cancelled'`,
        [organisationId],
      );
      await t.http.delete(`/v1/organisations/${organisationId}`).set(bearer(t.systemToken)).expect(204);
      expect(await log()).toEqual([]);
      await t.http.get(`/v1/organisations/${organisationId}`).set(bearer(t.systemToken)).expect(404);
      // Each message leaves with a delete event, as the retry was audited by its id.
      const events = await t.db.query<{ entity_id: string; action: string }>(
        `SELECT entity_id, action FROM audit_events
         WHERE entity_type = 'notification' AND organisation_id = $1 ORDER BY action, entity_id`,
        [organisationId],
      );
      expect(events).toEqual([
        ...history.map((n) => ({ entity_id: n.id, action: 'delete' })),
        { entity_id: failed.id, action: 'update' },
      ]);
      // A cancelled message's event keeps why it was cancelled.
      expect(cancelled.length).toBeGreaterThan(0);
      const reasons = await t.db.query<{ entity_id: string; reason: unknown }>(
        `SELECT entity_id, changes->'cancelReason'->'from' AS reason FROM audit_events
         WHERE entity_type = 'notification' AND action = 'delete' AND entity_id = ANY($1)`,
        [cancelled.map((n) => n.id)],
      );
      expect(new Map(reasons.map((e) => [e.entity_id, e.reason]))).toEqual(
        new Map(cancelled.map((n) => [n.id, n.cancel_reason])),
      );
      expect(cancelled.every((n) => typeof n.cancel_reason === 'string')).toBe(true);
    });

    it('names what an organisation still has, not the messages its sessions have ahead, when it is not empty', async () => {
      const created = await t.http
        .post('/v1/organisations')
        .set(bearer(t.systemToken))
        .send({ name: 'Gemeente Nog In Gebruik', kind: 'gemeente' })
        .expect(201);
      const organisationId = created.body.id;
      const admin = await createPerson(t.http, t.systemToken, {
        name: 'Bram Beheerder',
        accessRole: 'admin',
        organisationId,
      });
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(admin.token))
        .send({
          title: 'Loopt nog',
          kind: 'leadership',
          chairId: admin.id,
          rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3',
          firstStart: '2026-07-06T10:00:00+02:00',
          durationMinutes: 60,
          reminderOffsets: ['P1D'],
        })
        .expect(201);
      // The first session's outcome request went out; reminders and requests of the others lie ahead.
      const [asked] = await t.db.query<{ id: string }>(
        `SELECT id FROM notifications WHERE organisation_id = $1 AND kind = 'outcome-request' ORDER BY due_at LIMIT 1`,
        [organisationId],
      );
      await t.db.query(`UPDATE notifications SET status = 'sent', sent_at = now() WHERE id = $1`, [asked.id]);
      const log = () =>
        t.db.query(`SELECT id, status FROM notifications WHERE organisation_id = $1 ORDER BY id`, [
          organisationId,
        ]);
      const before = await log();
      const refused = await t.http.delete(`/v1/organisations/${organisationId}`).set(bearer(t.systemToken));
      expect(refused.status).toBe(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.detail).toBe(
        'This organisation is not empty: it still has people, reflection series and reflection sessions. ' +
          'Only an emptied organisation can be deleted (one made by mistake): delete those first. ' +
          'Its delivery log (messages sent, cancelled or failed) goes with it.',
      );
      expect(await log()).toEqual(before);
      await t.http.get(`/v1/organisations/${organisationId}`).set(bearer(t.systemToken)).expect(200);
    });

    it('finds the system administrator by role, not address: a new address keeps the rotation working', async () => {
      const systemAdmin = t.app.get(SystemAdminService);
      const before = 'bootstrap-readdressed-'.padEnd(40, 'r');
      expect(await systemAdmin.ensure(before)).toBe('works');
      const [{ id }] = await t.db.query(`SELECT id FROM people WHERE system_admin`);
      const me = await t.http.get(`/v1/people/${id}`).set(bearer(before)).expect(200);
      await t.http
        .patch(`/v1/people/${id}`)
        .set(bearer(before))
        .send({ email: 'beheer@leerlus.example', version: me.body.version })
        .expect(200);
      const after = 'bootstrap-rotated-'.padEnd(40, 's');
      expect(await systemAdmin.ensure(after)).toBe('works');
      await t.http.get('/v1/organisations').set(bearer(before)).expect(401);
      await t.http.get('/v1/organisations').set(bearer(after)).expect(200);
      expect(await t.db.query(`SELECT id FROM people WHERE system_admin`)).toEqual([{ id }]);
      // A second one (as the lookup by address made) can go; the last one cannot lose the role.
      const [{ id: second }] = await t.db.query(
        `INSERT INTO people (organisation_id, name, email, access_role, locale, system_admin)
         VALUES (NULL, 'Systeembeheerder', 'system-admin@leerlus.invalid', 'admin', 'nl', true) RETURNING id`,
      );
      await t.http.delete(`/v1/people/${second}`).set(bearer(after)).expect(204);
      const [{ id: third }] = await t.db.query(
        `INSERT INTO people (organisation_id, name, email, access_role, locale, system_admin)
         VALUES (NULL, 'Tweede beheerder', 'tweede@leerlus.example', 'admin', 'nl', true) RETURNING id`,
      );
      await t.db.query(`UPDATE people SET active = false WHERE id = $1`, [third]);
      const demoted = await t.http
        .patch(`/v1/people/${id}`)
        .set(bearer(after))
        .send({ accessRole: 'lead', version: me.body.version + 1 });
      expect([demoted.status, demoted.body.detail]).toEqual([
        409,
        expect.stringMatching(/last system administrator/),
      ]);
    });

    it("records in each member's audit that they left a deleted team", async () => {
      const team = await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Opgeheven' });
      const stays = await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Blijft' });
      const member = await createPerson(t.http, org.admin.token, {
        name: 'Tim Teamlid',
        accessRole: 'member',
        teamIds: [team.body.id, stays.body.id],
      });
      const read = await t.http.get(`/v1/people/${member.id}`).set(bearer(org.admin.token)).expect(200);
      await t.http.delete(`/v1/teams/${team.body.id}`).set(bearer(org.admin.token)).expect(204);
      const [event] = await t.db.query(
        `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
        [member.id],
      );
      // Their teams changed: a new version, and the ETag read before no longer holds.
      const now = await t.http
        .get(`/v1/people/${member.id}`)
        .set(bearer(org.admin.token))
        .set('If-None-Match', read.headers.etag)
        .expect(200);
      expect([now.body.version, now.body.teamIds]).toEqual([read.body.version + 1, [stays.body.id]]);
      expect(event).toEqual({
        actor_id: org.admin.id,
        changes: { teamIds: { from: [team.body.id, stays.body.id].sort(), to: [stays.body.id] } },
      });
    });

    it('records the teams of a deleted person, as their creation did', async () => {
      const team = await t.http.post('/v1/teams').set(bearer(org.admin.token)).send({ name: 'Vertrekkers' });
      const leaving = await createPerson(t.http, org.admin.token, {
        name: 'Vera Vertrek',
        accessRole: 'member',
        teamIds: [team.body.id],
      });
      await t.http.delete(`/v1/people/${leaving.id}`).set(bearer(org.admin.token)).expect(204);
      const [event] = await t.db.query(
        `SELECT changes FROM audit_events WHERE entity_id = $1 AND action = 'delete'`,
        [leaving.id],
      );
      expect(event.changes.teamIds).toEqual({ from: [team.body.id], to: null });
    });

    it('keeps a revoked bootstrap token revoked at the next start, and a new one replaces the old', async () => {
      const systemAdmin = t.app.get(SystemAdminService);
      const first = 'bootstrap-first-'.padEnd(40, 'x');
      await systemAdmin.ensure(first);
      await t.http.get('/v1/organisations').set(bearer(first)).expect(200);
      const second = 'bootstrap-second-'.padEnd(40, 'y');
      await systemAdmin.ensure(second);
      await t.http.get('/v1/organisations').set(bearer(first)).expect(401);
      await t.http.get('/v1/organisations').set(bearer(second)).expect(200);

      const [{ id: tokenId, person_id: adminId }] = await t.db.query(
        `SELECT id, person_id FROM api_tokens WHERE name = 'bootstrap' AND revoked_at IS NULL`,
      );
      await t.http.delete(`/v1/people/${adminId}/tokens/${tokenId}`).set(bearer(t.systemToken)).expect(204);
      expect(await systemAdmin.ensure(second)).toBe('revoked');
      await t.http.get('/v1/organisations').set(bearer(second)).expect(401);
    });

    it('revokes at a start only the token configured before, not one the administrator named bootstrap', async () => {
      const systemAdmin = t.app.get(SystemAdminService);
      const configured = 'bootstrap-kept-'.padEnd(40, 'k');
      expect(await systemAdmin.ensure(configured)).toBe('works');
      const [{ id: adminId }] = await t.db.query(
        `SELECT id FROM people WHERE system_admin ORDER BY created_at, id LIMIT 1`,
      );
      const named = await t.http
        .post(`/v1/people/${adminId}/tokens`)
        .set(bearer(t.systemToken))
        .send({ name: 'bootstrap' })
        .expect(201);
      expect(named.body.bootstrap).toBe(false);
      // The next start, with the same value: both keep working.
      expect(await systemAdmin.ensure(configured)).toBe('works');
      await t.http.get('/v1/organisations').set(bearer(named.body.token)).expect(200);
      await t.http.get('/v1/organisations').set(bearer(configured)).expect(200);
      // A new value revokes the one configured before, and still not the one named so.
      const next = 'bootstrap-next-'.padEnd(40, 'n');
      expect(await systemAdmin.ensure(next)).toBe('works');
      await t.http.get('/v1/organisations').set(bearer(configured)).expect(401);
      await t.http.get('/v1/organisations').set(bearer(named.body.token)).expect(200);
      await t.http.get('/v1/organisations').set(bearer(next)).expect(200);
      const tokens = await t.http
        .get(`/v1/people/${adminId}/tokens?pageSize=100`)
        .set(bearer(t.systemToken))
        .expect(200);
      // The list tells the two apart.
      const live = tokens.body.items
        .filter(
          (token: { name: string; revokedAt: string | null }) =>
            !token.revokedAt && token.name === 'bootstrap',
        )
        .map((token: { id: string; bootstrap: boolean }) => [token.id === named.body.id, token.bootstrap]);
      expect(live.sort()).toEqual([
        [false, true],
        [true, false],
      ]);
    });

    it('leaves the tokens as they are when the configuration goes back to a revoked value, and says so', async () => {
      const systemAdmin = t.app.get(SystemAdminService);
      const b = 'bootstrap-b-'.padEnd(40, 'b');
      const c = 'bootstrap-c-'.padEnd(40, 'c');
      expect(await systemAdmin.ensure(b)).toBe('works');
      expect(await systemAdmin.ensure(c)).toBe('works');
      // Back to b (a rollback, or a replica restarting mid-deploy): b stays revoked, and the value
      // configured last keeps working (revoking it would leave none).
      expect(await systemAdmin.ensure(b)).toBe('revoked');
      await t.http.get('/v1/organisations').set(bearer(b)).expect(401);
      await t.http.get('/v1/organisations').set(bearer(c)).expect(200);
      // A token of the CLI configured as the bootstrap token becomes one: the next value revokes it.
      const cli = await systemAdmin.issueToken();
      expect(await systemAdmin.ensure(cli)).toBe('works');
      await t.http.get('/v1/organisations').set(bearer(c)).expect(401);
      const d = 'bootstrap-d-'.padEnd(40, 'd');
      expect(await systemAdmin.ensure(d)).toBe('works');
      await t.http.get('/v1/organisations').set(bearer(cli)).expect(401);
      await t.http.get('/v1/organisations').set(bearer(d)).expect(200);
      await t.http.get('/v1/organisations').set(bearer(t.systemToken)).expect(200);
      // Another person's token stays theirs, with its role: it is not made the system administrator's.
      expect(await systemAdmin.ensure(org.member.token)).toBe('taken');
      await t.http.get('/v1/audit-events').set(bearer(org.member.token)).expect(403);
      await t.http.get(`/v1/people/${org.member.id}`).set(bearer(org.member.token)).expect(200);
      await t.http.get('/v1/organisations').set(bearer(d)).expect(200);
    });
  });
});
