import { SeededRandom } from '../lib/seeded-random';
import { BulkLoader } from './bulk-loader';
import { insertRows } from './insert-rows';
import { orgArrays } from './org-arrays';
import { SqlParams, weighted } from './sql-params';
import { sqlUuid } from './sql-uuid';
import { timeRanges } from './time-ranges';
import { VOCABULARY as V } from './vocabulary';
import { World } from './world';

const DAY = 86400_000;
const CHUNKS = 8;

/**
 * The rest of the learning register: themes, best practices with adoptions, lessons (about 30%
 * of the incidents in number) and actions (about 20%, some overdue).
 */
export async function generateRegister(loader: BulkLoader, world: World, rng: SeededRandom): Promise<void> {
  await generateThemes(loader, world, rng.fork('themes'));
  await generateBestPractices(loader, world, rng.fork('best-practices'));
  await generateIncidentLessons(loader, world, rng);
  await generateActions(loader, world, rng);
}

async function generateThemes(loader: BulkLoader, world: World, random: SeededRandom): Promise<void> {
  const rows: unknown[][] = [];
  world.organisations.forEach((org, o) => {
    const count = o === 0 ? V.themes.length : random.int(5, 9);
    for (const [t, title] of random.sample(V.themes, count).entries()) {
      const id = random.uuid('theme', o, t);
      org.themes.push({ id, title });
      const created = new Date(world.anchor.getTime() - random.int(60, 1000) * DAY);
      rows.push([
        id,
        org.id,
        title,
        `Lange-termijnthema: ${title.toLowerCase()}. De top bespreekt dit periodiek in de reflectiesessies.`,
        random.pick(org.leadIds.slice(1, 9)),
        random.chance(0.85),
        created,
        created,
      ]);
    }
  });
  await insertRows(
    loader.pool,
    'themes',
    ['id', 'organisation_id', 'title', 'description', 'owner_id', 'active', 'created_at', 'updated_at'],
    rows,
  );
}

async function generateBestPractices(loader: BulkLoader, world: World, random: SeededRandom): Promise<void> {
  const total = Math.max(20, Math.round(world.incidents / 200));
  const practices: unknown[][] = [];
  const adoptions: unknown[][] = [];
  const lessons: unknown[][] = [];
  for (let n = 0; n < total; n++) {
    const org = pickOrg(world, random.next());
    const id = random.uuid('best-practice', n);
    const topic = random.pick(V.topics, 1.4)[0];
    const created = new Date(
      world.anchor.getTime() - Math.floor((1 - Math.sqrt(random.next())) * 1000 + 1) * DAY,
    );
    const draw = random.next();
    const status = draw < 0.3 ? 'proposed' : draw < 0.6 ? 'endorsed' : draw < 0.9 ? 'adopted' : 'retired';
    const later = (from: Date, min: number, max: number) =>
      new Date(Math.min(world.anchor.getTime() - 3600_000, from.getTime() + random.int(min, max) * DAY));
    const endorsedAt = status === 'proposed' ? null : later(created, 5, 60);
    const adoptedAt = status === 'adopted' || status === 'retired' ? later(endorsedAt!, 10, 120) : null;
    const retiredAt = status === 'retired' ? later(adoptedAt!, 60, 300) : null;
    const teamId = random.chance(0.8) ? random.pick(org.teamIds) : null;
    practices.push([
      id,
      org.id,
      random.chance(0.7) ? random.pick(org.chains).id : null,
      teamId,
      `${random.pick(V.practiceTitles)} ${topic}`,
      `Bij de ${topic} liepen ${random.pick(V.reporters)} vast: ${random.pick(V.symptoms)}.`,
      random.pick(V.practiceTexts),
      status === 'proposed' ? '' : random.pick(V.evidenceTexts),
      [random.pick(V.topics)[1], 'goede-praktijk'],
      status,
      random.pick(org.peopleIds),
      endorsedAt,
      endorsedAt ? random.pick(org.leadIds) : null,
      adoptedAt,
      retiredAt,
      created,
      retiredAt ?? adoptedAt ?? endorsedAt ?? created,
    ]);
    if (adoptedAt) {
      for (const [a, team] of random.sample(org.teamIds, random.int(1, 3)).entries()) {
        adoptions.push([
          random.uuid('adoption', n, a),
          id,
          org.id,
          team,
          later(adoptedAt, 0, 200),
          random.pick(V.evidenceTexts),
          random.pick(org.leadIds),
          adoptedAt,
          adoptedAt,
        ]);
      }
    }
    if (endorsedAt && random.chance(0.3)) {
      // A best practice teaches too: some carry a lesson of their own.
      lessons.push([
        random.uuid('practice-lesson', n),
        org.id,
        null,
        'best-practice',
        id,
        random.pick(V.lessonTitles),
        random.pick(V.practiceTexts),
        random.pick(V.insights),
        random.pick(V.recommendations),
        'all',
        'validated',
        random.pick(org.peopleIds),
        endorsedAt,
        random.pick(org.leadIds),
        endorsedAt,
        endorsedAt,
      ]);
    }
  }
  await insertRows(
    loader.pool,
    'best_practices',
    [
      'id',
      'organisation_id',
      'chain_id',
      'team_id',
      'title',
      'context',
      'practice',
      'evidence',
      'tags',
      'status',
      'proposed_by_id',
      'endorsed_at',
      'endorsed_by_id',
      'adopted_at',
      'retired_at',
      'created_at',
      'updated_at',
    ],
    practices,
  );
  await insertRows(
    loader.pool,
    'best_practice_adoptions',
    [
      'id',
      'best_practice_id',
      'organisation_id',
      'team_id',
      'adopted_at',
      'result',
      'recorded_by_id',
      'created_at',
      'updated_at',
    ],
    adoptions,
  );
  await insertRows(
    loader.pool,
    'lessons',
    [
      'id',
      'organisation_id',
      'chain_id',
      'source_type',
      'source_id',
      'title',
      'observation',
      'insight',
      'recommendation',
      'addressed_role',
      'status',
      'drawn_by_id',
      'validated_at',
      'validated_by_id',
      'created_at',
      'updated_at',
    ],
    lessons,
  );
}

/** Lessons drawn from incidents that are being analysed or further along: about 29% of all incidents. */
async function generateIncidentLessons(loader: BulkLoader, world: World, rng: SeededRandom): Promise<void> {
  const counts = await loader.query<{ status: string; n: string }>(
    `SELECT status, count(*) AS n FROM incidents GROUP BY status`,
  );
  const weights: Record<string, number> = { analysing: 0.3, 'lessons-drawn': 1, closed: 0.5 };
  const weightedCount = counts.reduce((sum, row) => sum + (weights[row.status] ?? 0) * Number(row.n), 0);
  const k = (0.29 * world.incidents) / Math.max(1, weightedCount);
  const chance = (status: string) => Math.min(1, k * weights[status]).toFixed(4);

  const p = new SqlParams();
  const seed = p.value(world.seed, 'text');
  const anchor = p.value(world.anchor.toISOString(), 'timestamptz');
  const o = orgArrays(p, world);
  const clamp = (sql: string) => `LEAST(${sql}, ${anchor} - interval '1 hour')`;
  const days = (draw: string, min: number, max: number) =>
    `make_interval(days => ${min} + floor(${draw} * ${max - min})::int)`;
  const created = clamp(`x.reported_at + ${days('x.r_created', 1, 30)}`);
  const validated = clamp(`${created} + ${days('x.r_validated', 3, 40)}`);
  const embedded = clamp(`${validated} + ${days('x.r_embedded', 14, 120)}`);
  const status = `CASE x.incident_status
      WHEN 'analysing' THEN 'draft'
      WHEN 'lessons-drawn' THEN ${weighted('x.r_status', [
        ['draft', 25],
        ['validated', 60],
        ['embedded', 15],
      ])}
      ELSE ${weighted('x.r_status', [
        ['validated', 25],
        ['embedded', 55],
        ['retired', 20],
      ])} END`;

  const sql = `
    INSERT INTO lessons (id, organisation_id, chain_id, source_type, source_id, title, observation, insight,
      recommendation, addressed_role, status, response, response_reason, evidence, drawn_by_id, validated_at,
      validated_by_id, embedded_at, recheck_at, rechecked_at, retired_at, created_at, updated_at)
    SELECT ${sqlUuid(seed, 'lesson', 'y.incident_id::text')}, y.organisation_id, y.chain_id, 'incident', y.incident_id,
      ${p.pick(V.lessonTitles, 1.2)},
      'Naar aanleiding van "' || y.title || '": ' || ${p.pick(V.observations)},
      ${p.pick(V.insights)}, ${p.pick(V.recommendations)},
      ${weighted('y.r_role', [
        ['owner', 15],
        ['commissioner', 30],
        ['contractor', 40],
        ['all', 15],
      ])},
      y.status,
      CASE WHEN y.status IN ('embedded', 'retired') THEN y.response END,
      CASE WHEN y.status IN ('embedded', 'retired') AND y.response <> 'adopted'
           THEN 'Niet volledig overgenomen: de capaciteit in de uitvoering ontbreekt nog.' END,
      CASE WHEN y.status = 'embedded' THEN ${p.pick(V.evidenceTexts)} END,
      y.reported_by_id,
      CASE WHEN y.status <> 'draft' THEN y.validated END,
      CASE WHEN y.status <> 'draft' THEN ${o.pick(o.leads, 'y.oi', 'y.r_validator')} END,
      CASE WHEN y.status IN ('embedded', 'retired') THEN y.embedded END,
      CASE WHEN y.status = 'embedded' THEN y.embedded + interval '180 days' END,
      CASE WHEN y.status = 'embedded' AND y.embedded + interval '180 days' < ${anchor} AND y.r_recheck < 0.7
           THEN y.embedded + interval '185 days' END,
      CASE WHEN y.status = 'retired' THEN ${clamp(`y.embedded + interval '200 days'`)} END,
      y.created, GREATEST(y.created, y.validated)
    FROM (
      SELECT x.*, ${o.indexOf('x.organisation_id')} AS oi, ${status} AS status,
        ${created} AS created, ${validated} AS validated, ${embedded} AS embedded,
        ${weighted('x.r_response', [
          ['adopted', 60],
          ['partially', 30],
          ['not-adopted', 10],
        ])} AS response
      FROM (
        SELECT s.*, random() AS r_pick, random() AS r_status, random() AS r_role, random() AS r_response,
          random() AS r_created, random() AS r_validated, random() AS r_embedded, random() AS r_recheck,
          random() AS r_validator
        FROM (
          SELECT i.id AS incident_id, i.organisation_id, i.chain_id, i.title, i.status AS incident_status,
            i.reported_at, i.reported_by_id
          FROM incidents i
          WHERE i.status IN ('analysing', 'lessons-drawn', 'closed') AND __RANGE__
          ORDER BY i.reported_at, i.id
          OFFSET 0
        ) s
        OFFSET 0
      ) x
      WHERE x.r_pick < CASE x.incident_status WHEN 'analysing' THEN ${chance('analysing')}
        WHEN 'lessons-drawn' THEN ${chance('lessons-drawn')} ELSE ${chance('closed')} END
      OFFSET 0
    ) y`;
  const ranges = await timeRanges(loader, 'incidents', 'reported_at', 'i', CHUNKS);
  await loader.chunks(CHUNKS, 1, async (client, chunk) => {
    await client.query('SELECT setseed($1)', [rng.pgSeed('lessons', chunk)]);
    await client.query(sql.replace('__RANGE__', ranges[chunk - 1]), p.values);
  });
}

/** Actions: most follow up a lesson, some an incident directly (sessions add theirs later). */
async function generateActions(loader: BulkLoader, world: World, rng: SeededRandom): Promise<void> {
  const [{ lessons }] = await loader.query<{ lessons: string }>(
    `SELECT count(*) AS lessons FROM lessons WHERE source_type = 'incident' AND status <> 'retired'`,
  );
  const fromLessons = Math.min(1, (0.145 * world.incidents) / Math.max(1, Number(lessons)));
  const fromIncidents = 0.045 / 0.9;

  const source = (kind: 'lesson' | 'incident', from: string, chance: string) => {
    const p = new SqlParams();
    const seed = p.value(world.seed, 'text');
    const anchor = p.value(world.anchor.toISOString(), 'timestamptz');
    const anchorDate = p.value(world.anchor.toISOString().slice(0, 10), 'date');
    const o = orgArrays(p, world);
    const topics = p.array(V.topics.map(([topic]) => topic));
    const due = `(y.created::date + 14 + floor(y.r_due * 106)::int)`;
    const statusByDue = `CASE
        WHEN ${due} < ${anchorDate} - 60 THEN ${weighted('y.r_status', [
          ['done', 85],
          ['cancelled', 7],
          ['open', 8],
        ])}
        WHEN ${due} < ${anchorDate} THEN ${weighted('y.r_status', [
          ['done', 60],
          ['open', 35],
          ['cancelled', 5],
        ])}
        ELSE ${weighted('y.r_status', [
          ['open', 85],
          ['done', 15],
        ])} END`;
    const sql = `
    INSERT INTO actions (id, organisation_id, chain_id, source_type, source_id, description, assignee_id,
      addressed_role, due_date, status, completed_at, cancelled_at, created_by_id, created_at, updated_at)
    SELECT ${sqlUuid(seed, `action-${kind}`, 'z.source_id::text')}, z.organisation_id, z.chain_id, '${kind}',
      z.source_id, z.description, z.assignee_id, z.addressed_role, z.due_date, z.status,
      CASE WHEN z.status = 'done' THEN z.finished END,
      CASE WHEN z.status = 'cancelled' THEN z.finished END,
      z.created_by_id, z.created, COALESCE(CASE WHEN z.status <> 'open' THEN z.finished END, z.created)
    FROM (
      SELECT y.*, ${due} AS due_date, ${statusByDue} AS status,
        LEAST((${due} - 3 + floor(y.r_finish * 10)::int)::timestamp AT TIME ZONE 'Europe/Amsterdam' + interval '14 hours',
              ${anchor} - interval '1 hour') AS finished,
        ${p.pick(V.actionVerbs)} || ' ' || (${topics})[${p.index(V.topics.length, 1.5)}] AS description,
        ${o.pick(o.people, 'y.oi', 'y.r_assignee')} AS assignee_id,
        ${o.pick(o.leads, 'y.oi', 'y.r_creator')} AS created_by_id
      FROM (
        SELECT x.*, ${o.indexOf('x.organisation_id')} AS oi,
          LEAST(x.source_created + make_interval(days => floor(x.r_created * 10)::int), ${anchor} - interval '2 hours') AS created
        FROM (
          SELECT s.*, random() AS r_pick, random() AS r_due, random() AS r_status, random() AS r_finish,
            random() AS r_assignee, random() AS r_creator, random() AS r_created
          FROM (${from} AND __RANGE__ ORDER BY source_created, s0.id OFFSET 0) s
          OFFSET 0
        ) x
        WHERE x.r_pick < ${chance}
        OFFSET 0
      ) y
      OFFSET 0
    ) z`;
    return { sql, values: p.values };
  };
  const lessonSql = source(
    'lesson',
    `SELECT s0.id AS source_id, s0.organisation_id, s0.chain_id, s0.addressed_role, s0.created_at AS source_created
       FROM lessons s0 WHERE s0.source_type = 'incident' AND s0.status <> 'retired'`,
    fromLessons.toFixed(4),
  );
  const incidentSql = source(
    'incident',
    `SELECT s0.id AS source_id, s0.organisation_id, s0.chain_id, NULL::varchar AS addressed_role,
            s0.reported_at AS source_created
       FROM incidents s0 WHERE s0.status <> 'reported'`,
    fromIncidents.toFixed(4),
  );
  const lessonRanges = await timeRanges(loader, 'lessons', 'created_at', 's0', CHUNKS);
  const incidentRanges = await timeRanges(loader, 'incidents', 'reported_at', 's0', CHUNKS);
  await loader.chunks(CHUNKS * 2, 1, async (client, n) => {
    const chunk = (n - 1) % CHUNKS;
    const { sql, values } = n <= CHUNKS ? lessonSql : incidentSql;
    const ranges = n <= CHUNKS ? lessonRanges : incidentRanges;
    await client.query('SELECT setseed($1)', [rng.pgSeed('actions', n)]);
    await client.query(sql.replace('__RANGE__', ranges[chunk]), values);
  });
}

function pickOrg(world: World, draw: number) {
  let cumulative = 0;
  for (const org of world.organisations) {
    cumulative += org.weight;
    if (draw < cumulative) return org;
  }
  return world.organisations[world.organisations.length - 1];
}
