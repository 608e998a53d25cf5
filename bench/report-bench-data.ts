import { Client } from 'pg';

/** Sizes of the report benchmark's organisation. */
export interface ReportBenchSize {
  incidents: number;
  lessons: number;
  actions: number;
  sessions: number;
}

export const REPORT_BENCH_ORGANISATION = 'Benchmark kwartaalrapportage';

/** Tables loaded here: their secondary indexes are dropped during the load and rebuilt after it. */
const LOADED_TABLES = [
  'incidents',
  'audit_events',
  'lessons',
  'actions',
  'reflection_sessions',
  'agenda_items',
  'notifications',
];

/**
 * Generates one organisation with the given numbers of incidents, lessons, actions and sessions
 * spread over the three years before `until`, with everything the quarterly report reads: status
 * histories in the audit log (two or three status changes per incident), validated/embedded
 * lessons with re-checks, actions done on time, late, cancelled and open, held/postponed/
 * cancelled sessions with agenda items, escalations, triangles and best practices. Set-based SQL
 * (generate_series) with a fixed random seed: the same size and `until` give the same data. The
 * report's rollups are rebuilt at the end, with the status history taken from the audit log.
 */
export async function generateReportBenchData(
  client: Client,
  size: ReportBenchSize,
  until: string,
  log: (message: string) => void,
): Promise<string> {
  const q = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows;
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    const result = await client.query(sql, params);
    log(`${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };

  const dropped: string[] = (
    await q(
      `SELECT i.indexdef FROM pg_indexes i
       JOIN pg_class c ON c.relname = i.indexname
       WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)`,
      [LOADED_TABLES],
    )
  ).map((row) => row.indexdef as string);
  for (const definition of dropped) {
    const name = /INDEX (\S+) ON/.exec(definition)![1];
    await q(`DROP INDEX ${name}`);
  }

  await q(`SELECT setseed(0.42)`);
  const [{ id: org }] = await q(
    `INSERT INTO organisations (name, kind) VALUES ($1, 'ministerie') RETURNING id`,
    [REPORT_BENCH_ORGANISATION],
  );
  await q(
    `INSERT INTO people (organisation_id, name, email, access_role)
     SELECT $1, 'Medewerker ' || g, 'bench.report.' || g || '@example.nl',
            CASE WHEN g <= 5 THEN 'lead' WHEN g = 6 THEN 'admin' ELSE 'member' END
     FROM generate_series(1, 60) g`,
    [org],
  );
  await q(`INSERT INTO teams (organisation_id, name) SELECT $1, 'Team ' || g FROM generate_series(1, 12) g`, [
    org,
  ]);
  await q(
    `INSERT INTO chains (organisation_id, name, created_at)
     SELECT $1, 'Keten ' || lpad(g::text, 2, '0'), timestamptz '2023-01-01' FROM generate_series(1, 20) g`,
    [org],
  );
  await q(
    `CREATE TEMP TABLE bench_people AS
       SELECT row_number() OVER (ORDER BY id) AS n, id FROM people WHERE organisation_id = $1`,
    [org],
  );
  await q(
    `CREATE TEMP TABLE bench_chains AS
       SELECT row_number() OVER (ORDER BY name) AS n, id FROM chains WHERE organisation_id = $1`,
    [org],
  );
  // Every chain has a triangle; some commissioners left on the way, some people hold two roles.
  await step(
    'role assignments',
    `INSERT INTO role_assignments (chain_id, person_id, role, valid_from, valid_to)
     SELECT c.id, p.id, r.role, date '2023-01-01', CASE WHEN r.role = 'commissioner' AND c.n % 4 = 0 THEN date '2025-06-30' END
     FROM bench_chains c
     CROSS JOIN (VALUES ('owner', 0), ('commissioner', 1), ('contractor', 2)) AS r(role, k)
     JOIN bench_people p ON p.n = 1 + (c.n * 3 + r.k + CASE WHEN c.n % 7 = 0 AND r.k = 2 THEN -2 ELSE 0 END) % 60`,
  );

  // Incidents evenly over three years; the older, the further along.
  await step(
    'incidents',
    `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id, severity,
       public_attention, source, cause_level, confidentiality, status, recurrence, closed_at, created_at, updated_at)
     SELECT $1, c.id, 'Incident ' || t.g, t.reported_at - interval '2 days', t.reported_at, p.id,
       (ARRAY['low','medium','medium','high','high','critical'])[1 + floor(random() * 6)::int],
       (ARRAY['none','none','local','national','parliamentary'])[1 + floor(random() * 5)::int],
       (ARRAY['complaint','staff','partner','ombudsman','inspection','parliamentary-question','media','other'])[1 + floor(random() * 8)::int],
       (ARRAY['implementation','policy','legislation','chain','politics', NULL])[1 + floor(random() * 6)::int],
       CASE WHEN random() < 0.1 THEN 'confidential' ELSE 'internal' END,
       s.status, random() < 0.05,
       CASE WHEN s.status = 'closed' THEN t.reported_at + s.days * interval '1 day' END,
       t.reported_at,
       t.reported_at + s.days * interval '1 day'
     FROM (SELECT g, $3::timestamptz - random() * 1095 * interval '1 day' AS reported_at
           FROM generate_series(1, $2::int) g) t
     CROSS JOIN LATERAL (
       SELECT CASE WHEN age > 90 THEN (CASE WHEN random() < 0.85 THEN 'closed' ELSE 'lessons-drawn' END)
                   WHEN age > 20 THEN (ARRAY['analysing','lessons-drawn','closed'])[1 + floor(random() * 3)::int]
                   ELSE (ARRAY['reported','analysing'])[1 + floor(random() * 2)::int] END AS status,
              least(age, 5 + random() * 80) AS days
       FROM (SELECT extract(epoch FROM $3::timestamptz - t.reported_at) / 86400 AS age) a
     ) s
     JOIN bench_chains c ON c.n = 1 + t.g % 20
     JOIN bench_people p ON p.n = 1 + t.g % 60`,
    [org, size.incidents, until],
  );
  // Status history: reported → analysing → lessons-drawn → closed, each change audited.
  await step(
    'audit events',
    `INSERT INTO audit_events (organisation_id, entity_type, entity_id, action, changes, occurred_at)
     SELECT $1, 'incident', i.id, 'update',
            jsonb_build_object('status', jsonb_build_object('from', h.from_status, 'to', h.to_status)),
            i.reported_at + (i.updated_at - i.reported_at) * h.at
     FROM incidents i
     CROSS JOIN LATERAL (VALUES ('reported', 'analysing', 0.2, 1), ('analysing', 'lessons-drawn', 0.6, 2),
                                ('lessons-drawn', 'closed', 1.0, 3)) AS h(from_status, to_status, at, level)
     WHERE i.organisation_id = $1
       AND h.level <= CASE i.status WHEN 'analysing' THEN 1 WHEN 'lessons-drawn' THEN 2 WHEN 'closed' THEN 3 ELSE 0 END`,
    [org],
  );
  await step(
    'lessons',
    `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, status, response,
       drawn_by_id, validated_at, embedded_at, recheck_at, rechecked_at, created_at, updated_at)
     SELECT $1, i.chain_id, 'incident', i.id, 'Les ' || i.title,
       (ARRAY['owner','commissioner','contractor','all'])[1 + floor(random() * 4)::int],
       CASE WHEN v.validated_at IS NULL THEN 'draft' WHEN v.embedded_at IS NULL THEN 'validated' ELSE 'embedded' END,
       CASE WHEN v.validated_at IS NOT NULL THEN (ARRAY['adopted','adopted','partially','not-adopted'])[1 + floor(random() * 4)::int] END,
       i.reported_by_id, v.validated_at, v.embedded_at, v.embedded_at + interval '90 days',
       CASE WHEN v.embedded_at + interval '100 days' < $2::timestamptz THEN v.embedded_at + interval '100 days' END,
       v.created_at, greatest(v.created_at, coalesce(v.embedded_at, v.validated_at, v.created_at))
     FROM (
       SELECT id, chain_id, reported_at, reported_by_id, title FROM incidents WHERE organisation_id = $1
       ORDER BY random() LIMIT $3::int
     ) i
     CROSS JOIN LATERAL (
       SELECT least(i.reported_at + (2 + random() * 20) * interval '1 day', $2::timestamptz) AS created_at,
              random() AS r
     ) c
     CROSS JOIN LATERAL (
       SELECT c.created_at,
              CASE WHEN c.r < 0.7 AND c.created_at + interval '30 days' < $2::timestamptz THEN c.created_at + (1 + random() * 29) * interval '1 day' END AS validated_at,
              CASE WHEN c.r < 0.4 AND c.created_at + interval '90 days' < $2::timestamptz THEN c.created_at + (31 + random() * 59) * interval '1 day' END AS embedded_at
     ) v`,
    [org, until, size.lessons],
  );
  await step(
    'actions',
    `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, addressed_role,
       due_date, status, completed_at, cancelled_at, created_by_id, created_at, updated_at)
     SELECT $1, l.chain_id, 'lesson', l.id, 'Actie', p.id, l.addressed_role,
       (a.created_at AT TIME ZONE 'Europe/Amsterdam')::date + 30,
       a.status,
       CASE WHEN a.status = 'done' THEN a.created_at + a.days * interval '1 day' END,
       CASE WHEN a.status = 'cancelled' THEN a.created_at + a.days * interval '1 day' END,
       l.drawn_by_id, a.created_at, a.created_at + a.days * interval '1 day'
     FROM (
       SELECT id, chain_id, addressed_role, drawn_by_id, created_at FROM lessons WHERE organisation_id = $1
       ORDER BY random() LIMIT $3::int
     ) l
     CROSS JOIN LATERAL (SELECT l.created_at + interval '1 day' AS created_at, 5 + random() * 55 AS days, random() AS r) b
     CROSS JOIN LATERAL (
       SELECT b.created_at, least(b.days, greatest(extract(epoch FROM $2::timestamptz - b.created_at) / 86400, 0)) AS days,
              CASE WHEN b.created_at + b.days * interval '1 day' > $2::timestamptz OR b.r >= 0.85 THEN 'open'
                   WHEN b.r < 0.80 THEN 'done' ELSE 'cancelled' END AS status
     ) a
     JOIN bench_people p ON p.n = 1 + abs(hashtext(l.id::text)) % 60`,
    [org, until, size.actions],
  );
  await q(
    `INSERT INTO reflection_series (organisation_id, chain_id, title, kind, chair_id, rrule, first_start, duration_minutes)
     SELECT $1, CASE WHEN g % 5 = 0 THEN NULL ELSE c.id END, 'Reflectie ' || g,
            CASE WHEN g % 5 = 0 THEN 'leadership' ELSE 'triangle' END, p.id,
            'FREQ=WEEKLY', $2::timestamptz - interval '650 days' + g * interval '1 hour', 90
     FROM generate_series(1, 200) g
     JOIN bench_chains c ON c.n = 1 + g % 20
     JOIN bench_people p ON p.n = 1 + g % 5`,
    [org, until],
  );
  await step(
    'sessions',
    `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at, status)
     SELECT s.id, $1, t.at, t.at, t.at + interval '90 minutes',
            CASE WHEN t.at > $2::timestamptz THEN 'planned'
                 ELSE (ARRAY['held','held','held','held','held','held','postponed','cancelled','agenda-sent'])[1 + floor(random() * 9)::int] END
     FROM reflection_series s
     CROSS JOIN generate_series(0, $3::int / 200 - 1) w
     CROSS JOIN LATERAL (SELECT s.first_start + w * interval '7 days' AS at) t
     WHERE s.organisation_id = $1`,
    [org, until, size.sessions],
  );
  await step(
    'agenda items',
    `INSERT INTO agenda_items (organisation_id, series_id, session_id, kind, title, timebox_minutes, learning, status)
     SELECT $1, s.series_id, s.id, k.kind, 'Agendapunt', 10 + floor(random() * 4)::int * 5, k.learning,
            CASE WHEN random() < 0.1 THEN 'carried-over' ELSE 'discussed' END
     FROM reflection_sessions s
     CROSS JOIN (VALUES ('theme', true), ('lesson', true), ('incident', false), ('incident', false), ('action-review', false)) AS k(kind, learning)
     WHERE s.organisation_id = $1 AND s.status = 'held'`,
    [org],
  );
  await step(
    'escalations',
    `INSERT INTO notifications (organisation_id, recipient_id, channel, target, kind, subject_type, subject_id, due_at,
       dedupe_key, status)
     SELECT $1, p.id, 'email', 'lead@example.nl', 'reflection-escalation', 'reflection-session', s.id,
            s.scheduled_at + interval '1 day', 'escalation:' || s.series_id || ':' || s.id || ':' || p.id, 'sent'
     FROM reflection_sessions s
     JOIN bench_people p ON p.n <= 2
     WHERE s.organisation_id = $1 AND s.status IN ('cancelled', 'postponed') AND random() < 0.3`,
    [org],
  );
  await step(
    'best practices',
    `INSERT INTO best_practices (organisation_id, chain_id, title, status, proposed_by_id, endorsed_at, adopted_at, created_at)
     SELECT $1, c.id, 'Goede praktijk ' || t.g,
            CASE WHEN t.g % 3 = 0 THEN 'adopted' WHEN t.g % 3 = 1 THEN 'endorsed' ELSE 'proposed' END,
            p.id, CASE WHEN t.g % 3 <> 2 THEN t.at + interval '20 days' END, CASE WHEN t.g % 3 = 0 THEN t.at + interval '60 days' END, t.at
     FROM (SELECT g, $2::timestamptz - (100 + random() * 1000) * interval '1 day' AS at FROM generate_series(1, 2000) g) t
     JOIN bench_chains c ON c.n = 1 + t.g % 20
     JOIN bench_people p ON p.n = 1 + t.g % 60`,
    [org, until],
  );
  await step(
    'adoptions',
    `INSERT INTO best_practice_adoptions (best_practice_id, organisation_id, team_id, adopted_at, recorded_by_id)
     SELECT b.id, $1, t.id, b.adopted_at + k * interval '7 days', b.proposed_by_id
     FROM best_practices b CROSS JOIN generate_series(0, 2) k
     JOIN LATERAL (SELECT id FROM teams WHERE organisation_id = $1 ORDER BY id OFFSET k LIMIT 1) t ON true
     WHERE b.organisation_id = $1 AND b.adopted_at IS NOT NULL`,
    [org],
  );

  for (const definition of dropped) {
    const started = Date.now();
    await q(definition);
    log(
      `rebuilt ${/INDEX (\S+) ON/.exec(definition)![1]} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  // The triggers counted every row as it went in, but the status history above went straight into
  // the audit log: take it from there, as the rollup migration does for existing data, and recount.
  await step('status changes from the audit log', 'SELECT leerlus_import_incident_status_changes()');
  await step('report rollups rebuilt', 'SELECT leerlus_rebuild_report_rollups()');
  return org;
}
