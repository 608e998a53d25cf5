import { runMigrations } from '@app/database';
import { TypeOrmJsonLogger } from '@app/database/typeorm-json-logger';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { adminQuery, databaseUrl } from './support/postgres-admin';

/** Where PostgreSQL has the rum extension (test/support/global-setup.ts). */
const withRum = process.env.LEERLUS_TEST_RUM === '1' ? it : it.skip;

describe('migrations', () => {
  const name = `leerlus_m_${Date.now().toString(36)}`;
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  /** Runs `use` on a connection of its own to the test's database, closed after it. */
  async function onConnection(use: (ds: DataSource) => Promise<void>): Promise<void> {
    const ds = new DataSource(dataSourceOptions(databaseUrl(name), 1));
    await ds.initialize();
    try {
      await use(ds);
    } finally {
      await ds.destroy();
    }
  }

  /** Back to before `migration`: it and the migrations after it reverted (a test applies them again). */
  async function revertThrough(ds: DataSource, migration: string): Promise<void> {
    for (let last = ''; last !== migration; await ds.undoLastMigration())
      [{ name: last }] = await ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
  }

  /** An organisation and its lead `name` (e-mail address `<name>@example.org`), inserted as rows. */
  async function organisationWithLead(
    ds: DataSource,
    organisation: string,
    name: string,
  ): Promise<{ organisationId: string; leadId: string }> {
    const [{ id: organisationId }] = await ds.query(
      `INSERT INTO organisations (name, kind) VALUES ($1, 'ministerie') RETURNING id`,
      [organisation],
    );
    const [{ id: leadId }] = await ds.query(
      `INSERT INTO people (organisation_id, name, email, access_role) VALUES ($1, $2, $3, 'lead') RETURNING id`,
      [organisationId, name, `${name.toLowerCase()}@example.org`],
    );
    return { organisationId, leadId };
  }

  /** Chains of the organisation, inserted as rows: their ids by name. */
  async function namedChains(
    ds: DataSource,
    organisationId: string,
    names: string[],
  ): Promise<Record<string, string>> {
    const rows: { id: string; name: string }[] = await ds.query(
      `INSERT INTO chains (organisation_id, name) SELECT $1, unnest($2::text[]) RETURNING id, name`,
      [organisationId, names],
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.id]));
  }

  /** The audit event of an update on 10 April 2026 (what the history migrations import). */
  async function auditedUpdate(
    ds: DataSource,
    who: { organisationId: string; personId: string },
    entity: { type: string; id: string },
    changes: object,
  ): Promise<void> {
    await ds.query(
      `INSERT INTO audit_events (organisation_id, actor_id, entity_type, entity_id, action, changes, occurred_at)
       VALUES ($1, $2, $3, $4, 'update', $5, '2026-04-10T10:00:00+02:00')`,
      [who.organisationId, who.personId, entity.type, entity.id, changes],
    );
  }

  /**
   * A report figure per chain of the organisation, for each of `months`: of that month alone, or
   * (`upTo`, for a figure the rollup keeps as deltas) summed over the months up to it.
   */
  async function figurePerChain(
    ds: DataSource,
    organisationId: string,
    figure: string,
    months: string[],
    { upTo }: { upTo: boolean },
  ): Promise<Record<string, number[]>> {
    const rows: { name: string; counts: number[] }[] = await ds.query(
      `SELECT x.name, array_agg(x.count ORDER BY x.month) AS counts
       FROM (
         SELECT ch.name, e.month, coalesce(sum(c.count), 0)::int AS count
         FROM chains ch CROSS JOIN unnest($3::date[]) AS e(month)
         LEFT JOIN (SELECT * FROM report_counts UNION ALL SELECT * FROM report_count_deltas) c
           ON c.chain_id = ch.id AND c.figure = $2 AND (c.month = e.month OR ($4 AND c.month < e.month))
         WHERE ch.organisation_id = $1 GROUP BY 1, 2
       ) x GROUP BY 1`,
      [organisationId, figure, months, upTo],
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.counts]));
  }

  it('create the database when missing, apply every migration from empty, and are idempotent', async () => {
    const applied = await runMigrations(databaseUrl(name));
    expect(applied.length).toBeGreaterThan(0);
    expect(await runMigrations(databaseUrl(name))).toEqual([]);
  });

  it('can be reverted completely and applied again', async () => {
    await onConnection(async (ds) => {
      const count = (await ds.query('SELECT count(*)::int AS n FROM migrations'))[0].n;
      for (let i = 0; i < count; i++) await ds.undoLastMigration();
      const tables = await ds.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'",
      );
      expect(tables).toEqual([]);
    });
    expect((await runMigrations(databaseUrl(name))).length).toBeGreaterThan(0);
  });

  it('store tags written before 1764630000000 as the API takes them: lower case, hyphens, once', async () => {
    await onConnection(async (ds) => {
      // Back to before it (and the migrations after it).
      await revertThrough(ds, 'NormaliseTags1764630000000');
      const { organisationId, leadId: personId } = await organisationWithLead(ds, 'Tags', 'P');
      await ds.query(
        `INSERT INTO best_practices (organisation_id, title, proposed_by_id, tags) VALUES ($1, 'Typed', $2, $3), ($1, 'Clean', $2, $4)`,
        [
          organisationId,
          personId,
          [
            ' Klant  Contact',
            'ICT',
            'klant contact',
            '\tIct\n',
            'ICT / Data',
            '   ',
            'betalingen',
            'Één loket',
            // What PostgreSQL's classes leave alone (1764650000000): a no-break space, other
            // punctuation, a decomposed accent.
            'Klant\u00a0Contact',
            'ICT – Data',
            'zorg’s',
            'Cafe\u0301',
          ],
          ['al-goed'],
        ],
      );
      await runMigrations(databaseUrl(name));
      expect(await ds.query(`SELECT title, tags FROM best_practices ORDER BY title`)).toEqual([
        { title: 'Clean', tags: ['al-goed'] },
        {
          title: 'Typed',
          tags: ['klant-contact', 'ict', 'ict-data', 'betalingen', 'één-loket', 'zorg-s', 'café'],
        },
      ]);
      await ds.query(`DELETE FROM best_practices; DELETE FROM people; DELETE FROM organisations`);
    });
  });

  it('store tags in compatibility forms written before 1764980000000 as the plain characters, once', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'TagsInPlainCharacters1764980000000');
      const { organisationId, leadId: personId } = await organisationWithLead(ds, 'Tags', 'P');
      await ds.query(
        `INSERT INTO best_practices (organisation_id, title, proposed_by_id, tags)
         VALUES ($1, 'Pasted', $2, $3), ($1, 'Plain', $2, $4)`,
        [
          organisationId,
          personId,
          // What the API stored before: lower-case letters and digits, composed, not mapped.
          [
            '\ufb01etsroute',
            'fietsroute',
            '\uff46\uff49\uff45\uff54\uff53',
            'wet-\u00b2',
            '\u00bd',
            'caf\u00e9',
          ],
          ['al-goed', 'één-loket'],
        ],
      );
      await runMigrations(databaseUrl(name));
      expect(await ds.query(`SELECT title, tags FROM best_practices ORDER BY title`)).toEqual([
        { title: 'Pasted', tags: ['fietsroute', 'fiets', 'wet-2', '1-2', 'café'] },
        { title: 'Plain', tags: ['al-goed', 'één-loket'] },
      ]);
      await ds.query(`DELETE FROM best_practices; DELETE FROM people; DELETE FROM organisations`);
    });
  });

  it('count incidents stored closed before 1764990000000 as closed at a quarter end only from their closedAt on', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'StatusAtQuarterEndFromClosedAt1764990000000');
      const { organisationId, leadId: personId } = await organisationWithLead(ds, 'Rapport', 'P');
      const [{ id: chainId }] = await ds.query(
        `INSERT INTO chains (organisation_id, name) VALUES ($1, 'Keten') RETURNING id`,
        [organisationId],
      );
      // Registered in June 2024, closed in July without a recorded change; the second reopened since.
      const [, { id: reopened }] = await ds.query(
        `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
           severity, public_attention, source, status, closed_at)
         SELECT $1, $2, title, '2024-06-10T10:00:00+02:00', '2024-06-10T10:00:00+02:00', $3,
                'low', 'none', 'staff', 'closed', '2024-07-09T16:00:00+02:00'
         FROM unnest(ARRAY['Gesloten', 'Heropend']) AS title ORDER BY title RETURNING id`,
        [organisationId, chainId, personId],
      );
      await ds.query(`UPDATE incidents SET status = 'analysing', closed_at = NULL WHERE id = $1`, [reopened]);
      const statusAtEnd = async () =>
        (
          await ds.query(
            `SELECT dimension, sum(count)::int AS count
             FROM (SELECT * FROM report_counts UNION ALL SELECT * FROM report_count_deltas) c
             WHERE organisation_id = $1 AND figure = 'incidents.byStatusAtQuarterEnd' GROUP BY 1 ORDER BY 1`,
            [organisationId],
          )
        ).map((r: { dimension: string; count: number }) => `${r.dimension} ${r.count}`);
      expect(await statusAtEnd()).toEqual(['closed 2']);

      await runMigrations(databaseUrl(name));
      expect(await statusAtEnd()).toEqual(['lessons-drawn 2']);
      expect(
        await ds.query(
          `SELECT from_status, to_status FROM incident_status_changes WHERE incident_id = $1 ORDER BY id`,
          [reopened],
        ),
      ).toEqual([
        { from_status: 'lessons-drawn', to_status: 'closed' },
        { from_status: 'closed', to_status: 'analysing' },
      ]);
      expect(await ds.query(`SELECT * FROM leerlus_check_report_rollups()`)).toEqual([]);
      await ds.query(
        `DELETE FROM incidents; DELETE FROM chains; DELETE FROM people; DELETE FROM organisations`,
      );
    });
  });

  it('keep the chair as organizer of sessions invited before 1764920000000, and of those only', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'CalendarOrganizerKept1764920000000');
      const { organisationId, leadId: chairId } = await organisationWithLead(ds, 'Organizer', 'Vera');
      const [{ id: seriesId }] = await ds.query(
        `INSERT INTO reflection_series (organisation_id, title, kind, chair_id, rrule, first_start, time_zone, duration_minutes)
         VALUES ($1, 'Reeks', 'leadership', $2, 'FREQ=WEEKLY', now(), 'Europe/Amsterdam', 60) RETURNING id`,
        [organisationId, chairId],
      );
      const session = async (startsIn: string, invited: boolean): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at, status, agenda_sent_at)
             VALUES ($1, $2, now() + $3::interval, now() + $3::interval, now() + $3::interval + interval '1 hour',
                     $4, CASE WHEN $5 THEN now() END) RETURNING id`,
            [seriesId, organisationId, startsIn, invited ? 'agenda-sent' : 'planned', invited],
          )
        )[0].id;
      const invited = await session('7 days', true);
      const notYet = await session('14 days', false);
      const longPast = await session('-90 days', true);
      // A replacement whose move was sent as a REQUEST, before its agenda went out.
      const moved = await session('21 days', false);
      await ds.query(`UPDATE reflection_sessions SET rescheduled_from_id = $2 WHERE id = $1`, [
        moved,
        notYet,
      ]);
      await runMigrations(databaseUrl(name));
      const organizers = await ds.query(
        `SELECT id, calendar_organizer FROM reflection_sessions WHERE id = ANY($1)`,
        [[invited, notYet, longPast, moved]],
      );
      expect(
        Object.fromEntries(
          organizers.map((r: { id: string; calendar_organizer: unknown }) => [r.id, r.calendar_organizer]),
        ),
      ).toEqual({
        [invited]: { name: 'Vera', email: 'vera@example.org' },
        [notYet]: null,
        [longPast]: null,
        [moved]: { name: 'Vera', email: 'vera@example.org' },
      });
      await ds.query(`DELETE FROM reflection_series; DELETE FROM people; DELETE FROM organisations`);
    });
  });

  it('index the parts of slashed words, and words with a soft hyphen whole, in rows written before 1764960000000', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'SearchSlashedWordsByTheirParts1764960000000');
      const { organisationId, leadId: personId } = await organisationWithLead(ds, 'Zoeken', 'P');
      await ds.query(
        `INSERT INTO best_practices (organisation_id, title, proposed_by_id, context, evidence)
         VALUES ($1, 'Loket voor UWV/SVB', $2, '', 'Zorg' || chr(173) || 'toeslag'), ($1, 'Vaste belafspraak', $2, '', '')`,
        [organisationId, personId],
      );
      const matching = async (query: string) =>
        (
          await ds.query(`SELECT title FROM best_practices WHERE search @@ $1::tsquery ORDER BY title`, [
            query,
          ])
        ).map((r: { title: string }) => r.title);
      expect(await matching('svb')).toEqual([]);
      await runMigrations(databaseUrl(name));
      expect(await matching('svb')).toEqual(['Loket voor UWV/SVB']);
      expect(await matching('uwv/svb')).toEqual(['Loket voor UWV/SVB']);
      expect(await matching('zorgtoeslag')).toEqual(['Loket voor UWV/SVB']);
      expect(await matching('belafsprak')).toEqual(['Vaste belafspraak']);
      // The search leaves the words out of the lexicon no more.
      expect(await ds.query(`SELECT leerlus_search_query('svb')::text AS q`)).toEqual([{ q: "'svb'" }]);
      await ds.query(`DELETE FROM best_practices; DELETE FROM people; DELETE FROM organisations`);
    });
  });

  it('write meeting and webhook URLs stored before 1765020000000 as RFC 3986 URIs, and what is still to be sent', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'StoredUrlsAsUris1765020000000');
      const { organisationId, leadId: chairId } = await organisationWithLead(ds, 'Links', 'P');
      const series = async (meetingUrl: string | null): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO reflection_series (organisation_id, title, kind, chair_id, rrule, first_start, time_zone, duration_minutes, meeting_url)
             VALUES ($1, 'Reeks', 'leadership', $2, 'FREQ=WEEKLY', now(), 'Europe/Amsterdam', 60, $3) RETURNING id`,
            [organisationId, chairId, meetingUrl],
          )
        )[0].id;
      // As the API stored them before: a meeting URL as typed, a webhook URL as WHATWG wrote it.
      const typed = await series('https://meet.example.nl/r|1/caf\u00fc?k=[v]^#a#b');
      const broken = await series('https://meet.example.nl/100%/a%zz%41');
      const plain = await series('https://meet.example.nl');
      const none = await series(null);
      const hook = async (url: string): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret) VALUES ($1, $2, '{session.reminder}', $3) RETURNING id`,
            [organisationId, url, 'whsec_' + 'x'.repeat(40)],
          )
        )[0].id;
      const hookTyped = await hook('https://hooks.example.nl/a|b?q=[1]|^');
      const hookPlain = await hook('https://hooks.example.nl/ok');
      let key = 0;
      const notification = async (
        subscription: string | null,
        target: string,
        status: string,
        payload: object,
      ): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO notifications (organisation_id, recipient_id, webhook_subscription_id, channel, target, kind,
               subject_type, subject_id, due_at, dedupe_key, status, payload)
             VALUES ($1, $2, $3, $4, $5, 'session.reminder', 'session', gen_random_uuid(), now(), $6, $7, $8) RETURNING id`,
            [
              organisationId,
              subscription ? null : chairId,
              subscription,
              subscription ? 'webhook' : 'email',
              target,
              `k${(key += 1)}`,
              status,
              payload,
            ],
          )
        )[0].id;
      const old = 'https://meet.example.nl/r|1/caf\u00fc?k=[v]^#a#b';
      const data = { seriesId: typed, meetingUrl: old };
      const pendingHook = await notification(hookTyped, 'https://hooks.example.nl/a|b?q=[1]|^', 'pending', {
        data,
      });
      const sentHook = await notification(hookTyped, 'https://hooks.example.nl/a|b?q=[1]|^', 'sent', {
        data,
      });
      const pendingMail = await notification(null, 'p@example.org', 'queued', data);
      const otherHook = await notification(hookPlain, 'https://hooks.example.nl/ok', 'pending', {
        data: { seriesId: plain, meetingUrl: 'https://meet.example.nl' },
      });
      await runMigrations(databaseUrl(name));

      const meetingUrls = await ds.query(`SELECT id, meeting_url FROM reflection_series WHERE id = ANY($1)`, [
        [typed, broken, plain, none],
      ]);
      expect(
        Object.fromEntries(
          meetingUrls.map((r: { id: string; meeting_url: string }) => [r.id, r.meeting_url]),
        ),
      ).toEqual({
        [typed]: 'https://meet.example.nl/r%7C1/caf%C3%BC?k=%5Bv%5D%5E#a%23b',
        // A % that began no escape stands for itself; one that did is kept.
        [broken]: 'https://meet.example.nl/100%25/a%25zz%41',
        [plain]: 'https://meet.example.nl',
        [none]: null,
      });
      const hooks = await ds.query(`SELECT id, url FROM webhook_subscriptions`);
      expect(Object.fromEntries(hooks.map((r: { id: string; url: string }) => [r.id, r.url]))).toEqual({
        [hookTyped]: 'https://hooks.example.nl/a%7Cb?q=%5B1%5D%7C%5E',
        [hookPlain]: 'https://hooks.example.nl/ok',
      });
      const notifications = await ds.query(
        `SELECT id, target, coalesce(payload->'data'->>'meetingUrl', payload->>'meetingUrl') AS url, version
         FROM notifications`,
      );
      expect(Object.fromEntries(notifications.map(({ id, ...rest }: { id: string }) => [id, rest]))).toEqual({
        [pendingHook]: {
          target: 'https://hooks.example.nl/a%7Cb?q=%5B1%5D%7C%5E',
          url: 'https://meet.example.nl/r%7C1/caf%C3%BC?k=%5Bv%5D%5E#a%23b',
          version: 3,
        },
        // Sent as it was: its record stays.
        [sentHook]: { target: 'https://hooks.example.nl/a|b?q=[1]|^', url: old, version: 1 },
        [pendingMail]: {
          target: 'p@example.org',
          url: 'https://meet.example.nl/r%7C1/caf%C3%BC?k=%5Bv%5D%5E#a%23b',
          version: 2,
        },
        [otherHook]: { target: 'https://hooks.example.nl/ok', url: 'https://meet.example.nl', version: 1 },
      });
      await ds.query(
        `DELETE FROM notifications; DELETE FROM webhook_subscriptions; DELETE FROM reflection_series; DELETE FROM people; DELETE FROM organisations`,
      );
    });
  });

  it('mark as bootstrap tokens made before 1765000000000 those the start made, not those named so in a request', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'BootstrapTokensMarked1765000000000');
      const [{ id: organisationId }] = await ds.query(
        `INSERT INTO organisations (name, kind) VALUES ('Tokens', 'ministerie') RETURNING id`,
      );
      const [{ id: adminId }] = await ds.query(
        `INSERT INTO people (organisation_id, name, email, access_role, system_admin)
         VALUES (NULL, 'Systeembeheerder', 'system-admin@leerlus.invalid', 'admin', true) RETURNING id`,
      );
      const [{ id: leadId }] = await ds.query(
        `INSERT INTO people (organisation_id, name, email, access_role) VALUES ($1, 'L', 'l@example.org', 'lead') RETURNING id`,
        [organisationId],
      );
      const token = async (personId: string, tokenName: string, hashDigit: string) =>
        (
          await ds.query(
            `INSERT INTO api_tokens (person_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id`,
            [personId, tokenName, hashDigit.repeat(64)],
          )
        )[0].id as string;
      const event = (tokenId: string, action: string, actorId: string | null, from: string | null) =>
        ds.query(
          `INSERT INTO audit_events (organisation_id, actor_id, entity_type, entity_id, action, changes)
           VALUES (NULL, $1, 'api-token', $2, $3, $4)`,
          [actorId, tokenId, action, JSON.stringify({ name: { from, to: 'bootstrap' } })],
        );
      // Made by a start (no actor), made so in a request, renamed so by a start, and one the audit
      // log does not show being made.
      const started = await token(adminId, 'bootstrap', '1');
      await event(started, 'create', null, null);
      const requested = await token(adminId, 'bootstrap', '2');
      await event(requested, 'create', adminId, null);
      const renamed = await token(adminId, 'bootstrap', '3');
      await event(renamed, 'create', adminId, null);
      await event(renamed, 'update', null, 'laptop');
      const unknown = await token(adminId, 'bootstrap', '4');
      // Someone else's token is no system administrator's, whatever its name.
      const leads = await token(leadId, 'bootstrap', '5');
      await runMigrations(databaseUrl(name));
      const rows: { id: string; bootstrap: boolean }[] = await ds.query(
        `SELECT id, bootstrap FROM api_tokens`,
      );
      expect(Object.fromEntries(rows.map((row) => [row.id, row.bootstrap]))).toEqual({
        [started]: true,
        [requested]: false,
        [renamed]: true,
        [unknown]: true,
        [leads]: false,
      });
      await ds.query(`DELETE FROM api_tokens; DELETE FROM people; DELETE FROM organisations`);
    });
  });

  it("store people's names written before 1765010000000 as the API takes them, in Dutch order", async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'PeopleNamesNormalised1765010000000');
      const [{ id: organisationId }] = await ds.query(
        `INSERT INTO organisations (name, kind) VALUES ('Namen', 'ministerie') RETURNING id`,
      );
      const stored = [
        ' Zacharias Zwart',
        'Jan van\u00a0der Berg',
        'Bert  de Boer',
        'Ce\u0301line Claes',
        'Tim\tTab\u00ad\u200bbers ',
        'Anna Admin',
        // Never taken by the API, and nothing to store instead: left as it is.
        ' \u00a0 ',
      ];
      for (const [k, person] of stored.entries())
        await ds.query(
          `INSERT INTO people (organisation_id, name, email, access_role) VALUES ($1, $2, $3, 'member')`,
          [organisationId, person, `n${k}@example.org`],
        );
      await runMigrations(databaseUrl(name));
      const names = await ds.query(
        `SELECT name FROM people WHERE organisation_id = $1 ORDER BY name COLLATE "nl-NL-x-icu", id`,
        [organisationId],
      );
      expect(names.map((row: { name: string }) => row.name)).toEqual([
        ' \u00a0 ',
        'Anna Admin',
        'Bert de Boer',
        'C\u00e9line Claes',
        'Jan van der Berg',
        'Tim Tabbers',
        'Zacharias Zwart',
      ]);
      await ds.query(`DELETE FROM people; DELETE FROM organisations`);
    });
  });

  it('keep the titles of agenda items made before 1765030000000 as their own, a placeholder standing for its incident', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'AgendaItemsKeepTheirOwnTitle1765030000000');
      const { organisationId, leadId: personId } = await organisationWithLead(ds, 'Agenda', 'P');
      const [{ id: chainId }] = await ds.query(
        `INSERT INTO chains (organisation_id, name) VALUES ($1, 'Keten') RETURNING id`,
        [organisationId],
      );
      const [{ id: seriesId }] = await ds.query(
        `INSERT INTO reflection_series (organisation_id, title, kind, chair_id, rrule, first_start, time_zone, duration_minutes)
         VALUES ($1, 'Reeks', 'leadership', $2, 'FREQ=WEEKLY', now(), 'Europe/Amsterdam', 60) RETURNING id`,
        [organisationId, personId],
      );
      const incident = async (title: string, confidentiality: string): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
               severity, public_attention, source, confidentiality)
             VALUES ($1, $2, $3, now(), now(), $4, 'low', 'none', 'staff', $5) RETURNING id`,
            [organisationId, chainId, title, personId, confidentiality],
          )
        )[0].id;
      const internal = await incident('Storing in Assen', 'internal');
      const secret = await incident('Lek in Emmen', 'confidential');
      const item = async (referenceId: string | null, title: string): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO agenda_items (organisation_id, series_id, kind, reference_id, title, timebox_minutes)
             VALUES ($1, $2, $3, $4, $5, 10) RETURNING id`,
            [organisationId, seriesId, referenceId ? 'incident' : 'custom', referenceId, title],
          )
        )[0].id;
      const byHand = await item(internal, 'Assen (eigen woorden)');
      const masked = await item(secret, 'Lek in Emmen');
      const custom = await item(null, 'Rondvraag');
      const titles = async () =>
        Object.fromEntries(
          (
            await ds.query(`SELECT id, title, own_title FROM agenda_items WHERE series_id = $1`, [seriesId])
          ).map((r: { id: string; title: string; own_title: string }) => [r.id, [r.title, r.own_title]]),
        );
      await runMigrations(databaseUrl(name));
      expect(await titles()).toEqual({
        [byHand]: ['Assen (eigen woorden)', 'Assen (eigen woorden)'],
        [masked]: ['Vertrouwelijk incident (low)', 'Lek in Emmen'],
        [custom]: ['Rondvraag', 'Rondvraag'],
      });
      // Both confidential for a while: the title written by hand comes back, and stays through a rename.
      await ds.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [internal]);
      await ds.query(`UPDATE incidents SET confidentiality = 'internal' WHERE id = ANY($1)`, [
        [internal, secret],
      ]);
      await ds.query(`UPDATE incidents SET title = title || ' en Meppel' WHERE id = ANY($1)`, [
        [internal, secret],
      ]);
      expect(await titles()).toEqual({
        [byHand]: ['Assen (eigen woorden)', 'Assen (eigen woorden)'],
        [masked]: ['Lek in Emmen en Meppel', 'Lek in Emmen en Meppel'],
        [custom]: ['Rondvraag', 'Rondvraag'],
      });
      await ds.query(
        `DELETE FROM agenda_items; DELETE FROM reflection_series; DELETE FROM incidents; DELETE FROM chains;
         DELETE FROM people; DELETE FROM organisations`,
      );
    });
  });

  it('date the time of sessions whose agenda is still to go before 1765050000000 from when they were made or last moved', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'SessionsScheduledSince1765050000000');
      const { organisationId, leadId: chairId } = await organisationWithLead(ds, 'Sinds', 'Vera');
      const [{ id: seriesId }] = await ds.query(
        `INSERT INTO reflection_series (organisation_id, title, kind, chair_id, rrule, first_start, time_zone, duration_minutes)
         VALUES ($1, 'Reeks', 'leadership', $2, 'FREQ=WEEKLY', now(), 'Europe/Amsterdam', 60) RETURNING id`,
        [organisationId, chairId],
      );
      const session = async (startsIn: string, status: string): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at, status,
               agenda_sent_at, created_at)
             VALUES ($1, $2, now() + $3::interval, now() + $3::interval, now() + $3::interval + interval '1 hour',
                     $4::text, CASE WHEN $4::text = 'agenda-sent' THEN now() END, '2026-01-05T09:00:00Z') RETURNING id`,
            [seriesId, organisationId, startsIn, status],
          )
        )[0].id;
      const made = await session('7 days', 'planned');
      const moved = await session('14 days', 'planned');
      const sent = await session('2 days', 'agenda-sent');
      const held = await session('-90 days', 'held');
      const event = (sessionId: string, changes: object, at: string) =>
        ds.query(
          `INSERT INTO audit_events (organisation_id, actor_id, entity_type, entity_id, action, changes, occurred_at)
           VALUES ($1, NULL, 'reflection-session', $2, 'update', $3, $4)`,
          [organisationId, sessionId, JSON.stringify(changes), at],
        );
      await event(moved, { scheduledAt: { from: '2026-01-05T09:00:00Z', to: 'x' } }, '2026-02-10T12:00:00Z');
      // A later change of something else is no move.
      await event(moved, { statusReason: { from: null, to: 'x' } }, '2026-02-11T12:00:00Z');
      await runMigrations(databaseUrl(name));
      const rows: { id: string; scheduled_since: Date | null }[] = await ds.query(
        `SELECT id, scheduled_since FROM reflection_sessions WHERE series_id = $1`,
        [seriesId],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.scheduled_since]))).toEqual({
        [made]: new Date('2026-01-05T09:00:00Z'),
        [moved]: new Date('2026-02-10T12:00:00Z'),
        [sent]: null,
        [held]: null,
      });
      await ds.query(
        `DELETE FROM reflection_sessions; DELETE FROM reflection_series; DELETE FROM people; DELETE FROM organisations`,
      );
    });
  });

  it('move why messages were cancelled before 1765051000000 out of their lastError, and back when reverted', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'NotificationsCancelReason1765051000000');
      const [{ id: organisationId }] = await ds.query(
        `INSERT INTO organisations (name, kind) VALUES ('Berichten', 'ministerie') RETURNING id`,
      );
      const message = async (status: string, lastError: string | null): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO notifications (organisation_id, channel, target, kind, subject_type, subject_id, due_at,
               dedupe_key, status, last_error)
             VALUES ($1, 'email', 'mo@example.nl', 'session-reminder', 'reflection-session', gen_random_uuid(),
               now(), gen_random_uuid()::text, $2, $3) RETURNING id`,
            [organisationId, status, lastError],
          )
        )[0].id;
      const moved = await message('cancelled', 'the session has moved');
      const failed = await message('failed', 'SMTP 451');
      const retrying = await message('queued', 'SMTP 451');
      const sent = await message('sent', null);
      const log = async (columns: string) =>
        Object.fromEntries(
          (
            await ds.query(`SELECT id, ${columns} FROM notifications WHERE organisation_id = $1`, [
              organisationId,
            ])
          ).map(({ id, ...rest }: { id: string }) => [id, rest]),
        );
      await runMigrations(databaseUrl(name));
      expect(await log('last_error, cancel_reason')).toEqual({
        [moved]: { last_error: null, cancel_reason: 'the session has moved' },
        [failed]: { last_error: 'SMTP 451', cancel_reason: null },
        [retrying]: { last_error: 'SMTP 451', cancel_reason: null },
        [sent]: { last_error: null, cancel_reason: null },
      });
      // Reverted (the migrations after it first), the reason is in last_error again, as the old code has it.
      await revertThrough(ds, 'NotificationsCancelReason1765051000000');
      expect(await log('last_error')).toEqual({
        [moved]: { last_error: 'the session has moved' },
        [failed]: { last_error: 'SMTP 451' },
        [retrying]: { last_error: 'SMTP 451' },
        [sent]: { last_error: null },
      });
      await runMigrations(databaseUrl(name));
      await ds.query(`DELETE FROM notifications; DELETE FROM organisations`);
    });
  });

  it('move the lessons a move of their source left behind before 1765080000000, as the audit log tells, and only those', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'LessonsFollowSourceChain1765080000000');
      const { organisationId, leadId: personId } = await organisationWithLead(ds, 'Ketens', 'P');
      const [a, b, c] = (
        await ds.query(
          `INSERT INTO chains (organisation_id, name) SELECT $1, n FROM unnest('{A,B,C}'::text[]) n RETURNING id`,
          [organisationId],
        )
      ).map((row: { id: string }) => row.id);
      // Moved from A to B on 1 March, as its audit event says.
      const [{ id: incidentId }] = await ds.query(
        `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
           severity, public_attention, source)
         VALUES ($1, $2, 'Storing', '2026-01-01', '2026-01-01', $3, 'low', 'none', 'staff') RETURNING id`,
        [organisationId, b, personId],
      );
      const [{ id: seriesId }] = await ds.query(
        `INSERT INTO reflection_series (organisation_id, chain_id, title, kind, chair_id, rrule, first_start, duration_minutes)
         VALUES ($1, $2, 'Ketenoverleg', 'chain', $3, 'FREQ=MONTHLY', '2026-01-05T09:00:00+01:00', 60) RETURNING id`,
        [organisationId, b, personId],
      );
      const [{ id: sessionId }] = await ds.query(
        `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at)
         VALUES ($1, $2, '2026-01-05T09:00:00+01:00', '2026-01-05T09:00:00+01:00', '2026-01-05T10:00:00+01:00') RETURNING id`,
        [seriesId, organisationId],
      );
      // In no chain until 1 March, when it was put in B.
      const [{ id: practiceId }] = await ds.query(
        `INSERT INTO best_practices (organisation_id, chain_id, title, proposed_by_id) VALUES ($1, $2, 'Vier ogen', $3) RETURNING id`,
        [organisationId, b, personId],
      );
      const moved = (type: string, id: string, from: string | null) =>
        ds.query(
          `INSERT INTO audit_events (organisation_id, actor_id, entity_type, entity_id, action, changes, occurred_at)
           VALUES ($1, $2, $3, $4, 'update', $5, '2026-03-01T10:00:00+01:00')`,
          [organisationId, personId, type, id, { chainId: { from, to: b } }],
        );
      await moved('incident', incidentId, a);
      await moved('reflection-series', seriesId, a);
      await moved('best-practice', practiceId, null);
      const ids: Record<string, string> = {};
      for (const [title, chainId, createdAt, source] of [
        ['behind', a, '2026-02-01'],
        ['ofSession', a, '2026-02-01', ['reflection-session', sessionId]],
        ['ofPractice', null, '2026-02-01', ['best-practice', practiceId]],
        ['elsewhere', c, '2026-02-01'],
        ['putBackLater', a, '2026-02-01'],
        ['drawnAfter', a, '2026-04-01'],
      ] as [string, string | null, string, [string, string]?][]) {
        const [row] = await ds.query(
          `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id, created_at)
           VALUES ($1, $2, $3, $4, $5, 'all', $6, $7) RETURNING id`,
          [organisationId, chainId, ...(source ?? ['incident', incidentId]), title, personId, createdAt],
        );
        ids[title] = row.id;
      }
      // Put back in A on purpose after the move.
      await ds.query(
        `INSERT INTO audit_events (organisation_id, actor_id, entity_type, entity_id, action, changes, occurred_at)
         VALUES ($1, $2, 'lesson', $3, 'update', $4, '2026-03-02T10:00:00+01:00')`,
        [organisationId, personId, ids.putBackLater, { chainId: { from: b, to: a } }],
      );
      const [{ id: actionId }] = await ds.query(
        `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, created_by_id)
         VALUES ($1, $2, 'lesson', $3, 'Testen', $4, '2026-12-31', $4) RETURNING id`,
        [organisationId, a, ids.behind, personId],
      );

      await runMigrations(databaseUrl(name));
      const chains = Object.fromEntries(
        (
          await ds.query(`SELECT title, chain_id, version FROM lessons WHERE organisation_id = $1`, [
            organisationId,
          ])
        ).map((r: { title: string; chain_id: string | null; version: number }) => [
          r.title,
          [r.chain_id, r.version],
        ]),
      );
      expect(chains).toEqual({
        behind: [b, 2],
        ofSession: [b, 2],
        ofPractice: [b, 2],
        elsewhere: [c, 1],
        putBackLater: [a, 1],
        drawnAfter: [a, 1],
      });
      const events = await ds.query(
        `SELECT entity_id, changes FROM audit_events WHERE entity_type = 'lesson' AND actor_id IS NULL`,
      );
      expect(events).toHaveLength(3);
      expect(events).toContainEqual({
        entity_id: ids.ofPractice,
        changes: { chainId: { from: null, to: b } },
      });
      // Its action follows the lesson, as actions do.
      expect((await ds.query(`SELECT chain_id FROM actions WHERE id = $1`, [actionId]))[0].chain_id).toBe(b);
      expect(await ds.query('SELECT * FROM leerlus_check_report_rollups()')).toEqual([]);
      await ds.query(
        `DELETE FROM actions; DELETE FROM lessons; DELETE FROM reflection_sessions; DELETE FROM reflection_series;
         DELETE FROM best_practices; DELETE FROM incidents; DELETE FROM chains; DELETE FROM people;
         DELETE FROM organisations`,
      );
    });
  });

  it('count actions overdue at the end of quarters before 1765090000000 by the due dates the audit log says they had then', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'OverdueFromDueDateHistory1765090000000');
      const { organisationId, leadId: personId } = await organisationWithLead(ds, 'Vervaldata', 'P');
      const chains = await namedChains(ds, organisationId, ['Later', 'Eerder', 'Stil']);
      // Open since 1 February 2026; on 10 April their due dates were moved, as the audit log says:
      // from 1 March to 1 May, and from 1 May to 15 February. The third was moved in the database
      // only (no audit event): that cannot be told.
      const action = async (chainId: string, dueDate: string, before?: string) => {
        const [{ id }] = await ds.query(
          `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date,
             created_at, created_by_id)
           VALUES ($1, $2, 'incident', gen_random_uuid(), 'Iets', $3, $4, '2026-02-01T10:00:00+01:00', $3) RETURNING id`,
          [organisationId, chainId, personId, dueDate],
        );
        if (before)
          await auditedUpdate(
            ds,
            { organisationId, personId },
            { type: 'action', id },
            {
              dueDate: { from: before, to: dueDate },
            },
          );
        return id as string;
      };
      const moved = await action(chains.Later, '2026-05-01', '2026-03-01');
      await action(chains.Eerder, '2026-02-15', '2026-05-01');
      await action(chains.Stil, '2026-05-01');
      // Overdue at the starts of April (the end of Q1) and May, per chain.
      const overdue = () =>
        figurePerChain(ds, organisationId, 'actions.overdueAtQuarterEnd', ['2026-04-01', '2026-05-01'], {
          upTo: true,
        });
      expect(await overdue()).toEqual({ Eerder: [1, 1], Later: [0, 0], Stil: [0, 0] });

      await runMigrations(databaseUrl(name));
      expect(await overdue()).toEqual({ Eerder: [0, 1], Later: [1, 0], Stil: [0, 0] });
      expect(
        await ds.query(
          `SELECT from_date::text, to_date::text FROM action_due_date_changes WHERE action_id = $1`,
          [moved],
        ),
      ).toEqual([{ from_date: '2026-03-01', to_date: '2026-05-01' }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM action_due_date_changes`)).toEqual([{ n: 2 }]);
      expect(await ds.query('SELECT * FROM leerlus_check_report_rollups()')).toEqual([]);
      await ds.query(
        `DELETE FROM actions; DELETE FROM chains; DELETE FROM people; DELETE FROM organisations`,
      );
    });
  });

  it('count re-checks due before 1765120000000 by the dates the audit log says were planned when they came', async () => {
    await onConnection(async (ds) => {
      await revertThrough(ds, 'RechecksDueFromTheirPlannedDates1765120000000');
      const { organisationId, leadId: personId } = await organisationWithLead(ds, 'Hercontroles', 'P');
      const chains = await namedChains(ds, organisationId, ['Later', 'Gedaan', 'Stil']);
      // Embedded on 10 January 2026, a re-check planned for 1 March. On 10 April, as the audit log
      // says, the first was moved to 1 May (1 March missed) and the second recorded late (none
      // planned after). The third was moved in the database only (no audit event): that cannot be told.
      const lesson = async (chainId: string, recheckAt: string | null, changes?: object) => {
        const [{ id }] = await ds.query(
          `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id,
             status, embedded_at, recheck_at, created_at)
           VALUES ($1, $2, 'incident', gen_random_uuid(), 'Les', 'all', $3, 'embedded', '2026-01-10T10:00:00+01:00',
             $4, '2026-01-10T10:00:00+01:00') RETURNING id`,
          [organisationId, chainId, personId, recheckAt],
        );
        if (changes) await auditedUpdate(ds, { organisationId, personId }, { type: 'lesson', id }, changes);
        return id as string;
      };
      const moved = await lesson(chains.Later, '2026-05-01T08:00:00.000Z', {
        recheckAt: { from: '2026-03-01T09:00:00.000Z', to: '2026-05-01T08:00:00.000Z' },
      });
      const recorded = await lesson(chains.Gedaan, null, {
        recheckAt: { from: '2026-03-01T09:00:00.000Z', to: null },
        recheckedAt: { from: null, to: '2026-04-10T08:00:00.000Z' },
      });
      await ds.query(
        `INSERT INTO lesson_rechecks (lesson_id, organisation_id, checked_at, outcome, checked_by_id, due_at)
         VALUES ($1, $2, '2026-04-10T10:00:00+02:00', 'effective', $3, '2026-03-01T10:00:00+01:00')`,
        [recorded, organisationId, personId],
      );
      await lesson(chains.Stil, '2026-05-01T08:00:00.000Z');
      // Due (planned, not recorded) in March and May 2026, per chain.
      const due = () =>
        figurePerChain(ds, organisationId, 'lessons.rechecksDue', ['2026-03-01', '2026-05-01'], {
          upTo: false,
        });
      expect(await due()).toEqual({ Later: [0, 1], Gedaan: [0, 0], Stil: [0, 1] });

      await runMigrations(databaseUrl(name));
      expect(await due()).toEqual({ Later: [1, 1], Gedaan: [0, 0], Stil: [0, 1] });
      expect(
        await ds.query(
          `SELECT lesson_id, from_at, to_at, recorded FROM lesson_recheck_changes ORDER BY recorded`,
        ),
      ).toEqual([
        {
          lesson_id: moved,
          from_at: new Date('2026-03-01T09:00:00.000Z'),
          to_at: new Date('2026-05-01T08:00:00.000Z'),
          recorded: false,
        },
        { lesson_id: recorded, from_at: new Date('2026-03-01T09:00:00.000Z'), to_at: null, recorded: true },
      ]);
      expect(await ds.query('SELECT * FROM leerlus_check_report_rollups()')).toEqual([]);
      await ds.query(
        `DELETE FROM lessons; DELETE FROM chains; DELETE FROM people; DELETE FROM organisations`,
      );
    });
  });

  it("run as the database's owner without superuser rights, all but the dated word index (rum needs a superuser)", async () => {
    const owner = `${name}_owner`;
    const url = new URL(databaseUrl(`${name}_o`));
    url.username = owner;
    const warn = jest.spyOn(TypeOrmJsonLogger.prototype, 'log').mockImplementation(() => undefined);
    await adminQuery(`CREATE ROLE "${owner}" LOGIN NOSUPERUSER`);
    try {
      await adminQuery(`CREATE DATABASE "${name}_o" OWNER "${owner}"`);
      expect((await runMigrations(url.toString())).length).toBeGreaterThan(0);
      const ds = new DataSource(dataSourceOptions(url.toString(), 1));
      await ds.initialize();
      try {
        const [state] = await ds.query(
          `SELECT to_regclass('incidents_search_dated_idx') AS index,
                  to_regclass('lessons_search_dated_idx') AS lessons,
                  (SELECT count(*)::int FROM pg_extension WHERE extname = 'rum') AS rum,
                  (SELECT count(*)::int FROM pg_available_extensions WHERE name = 'rum') AS available,
                  (SELECT matches FROM leerlus_search_estimate('incidents', 'woord'::tsquery)) IS NOT NULL AS estimates`,
        );
        expect(state).toEqual(
          expect.objectContaining({ index: null, lessons: null, rum: 0, estimates: true }),
        );
        // Where the server has the extension, the operator is told why there is no index.
        expect(warn).toHaveBeenCalledTimes(state.available);
      } finally {
        await ds.destroy();
      }
    } finally {
      warn.mockRestore();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}_o" WITH (FORCE)`);
      await adminQuery(`DROP ROLE IF EXISTS "${owner}"`);
    }
  });

  withRum(
    'leave the dated word indexes out, and say so, when rum was created off the search path',
    async () => {
      const offPath = `${name}_x`;
      const warn = jest.spyOn(TypeOrmJsonLogger.prototype, 'log').mockImplementation(() => undefined);
      try {
        await adminQuery(`CREATE DATABASE "${offPath}"`);
        const ds = new DataSource(dataSourceOptions(databaseUrl(offPath), 1));
        await ds.initialize();
        try {
          await ds.query(`CREATE SCHEMA extensions`);
          await ds.query(`CREATE EXTENSION rum SCHEMA extensions`);
          expect((await runMigrations(databaseUrl(offPath))).length).toBeGreaterThan(0);
          const [state] = await ds.query(
            `SELECT to_regclass('incidents_search_dated_idx') AS incidents, to_regclass('lessons_search_dated_idx') AS lessons`,
          );
          expect(state).toEqual({ incidents: null, lessons: null });
          expect(warn).toHaveBeenCalledTimes(2);
        } finally {
          await ds.destroy();
        }
      } finally {
        warn.mockRestore();
        await adminQuery(`DROP DATABASE IF EXISTS "${offPath}" WITH (FORCE)`);
      }
    },
  );

  it('let replicas that start at once against a missing database create and migrate it once', async () => {
    const racing = `${name}_r`;
    try {
      const results = await Promise.all([1, 2, 3].map(() => runMigrations(databaseUrl(racing))));
      // The advisory lock makes them take turns: the first applies everything, the others nothing.
      const [all, ...none] = [...results].sort((a, b) => b.length - a.length);
      expect(all.length).toBeGreaterThan(0);
      expect(none).toEqual([[], []]);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS "${racing}" WITH (FORCE)`);
    }
  });
});
