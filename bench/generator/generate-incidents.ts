import { BulkLoader } from './bulk-loader';
import { orgArrays } from './org-arrays';
import { SqlParams, weighted } from './sql-params';
import { sqlUuid } from './sql-uuid';
import { VOCABULARY as V } from './vocabulary';
import { World } from './world';
import { SeededRandom } from '../lib/seeded-random';

/** About three years of reports, growing towards the present (three times as many per day at the end). */
const SPAN_DAYS = 3 * 365;

/**
 * Inserts incidents 1..n, composed inside Postgres from the vocabularies in chunks that run in
 * parallel. Each chunk seeds Postgres' random() from the seed and its own number, so the data
 * is the same on every run with the same seed and size.
 */
export async function generateIncidents(
  loader: BulkLoader,
  world: World,
  rng: SeededRandom,
  onChunk: (done: number) => void,
): Promise<void> {
  const params = new SqlParams();
  const sql = incidentsSql(params, world);
  let done = 0;
  await loader.chunks(world.incidents, 25_000, async (client, lo, hi, chunk) => {
    await client.query('SELECT setseed($1)', [rng.pgSeed('incidents', chunk)]);
    await client.query(sql, [...params.values, lo, hi]);
    done += hi - lo + 1;
    onChunk(done);
  });
}

function incidentsSql(p: SqlParams, world: World): string {
  const seed = p.value(world.seed, 'text');
  const anchor = p.value(world.anchor.toISOString().slice(0, 10), 'date');
  const anchorTs = p.value(world.anchor.toISOString(), 'timestamptz');
  const o = orgArrays(p, world);
  const topics = p.array(V.topics.map(([topic]) => topic));
  const topicTags = p.array(V.topics.map(([, tag]) => tag));
  const problems = p.array(V.problems.map(([problem]) => problem));
  const problemTags = p.array(V.problems.map(([, tag]) => tag));
  const draws = [
    'org',
    'chain',
    'team',
    'person',
    'day',
    'weekend',
    'hour',
    'office',
    'minute',
    'occurred',
    'severity',
    'attention',
    'source',
    'cause',
    'status',
    'confidential',
    'recurrence',
    'close',
    'tail',
    'remark',
  ];
  const sev = (severity: string, options: Array<[string, number]>) =>
    `WHEN '${severity}' THEN ${weighted('b.r_attention', options)}`;
  const closedAt = `CASE WHEN c.status = 'closed' THEN c.closes_at END`;
  const byAge = (options: Array<[string, number]>) => weighted('b.r_status', options);

  const sql = `
    INSERT INTO incidents (id, organisation_id, chain_id, team_id, title, description, occurred_at, reported_at,
      reported_by_id, severity, public_attention, source, cause_level, tags, confidentiality, status,
      recurrence, closed_at, created_at, updated_at)
    SELECT c.id, c.organisation_id, c.chain_id, c.team_id,
      (${problems})[c.pi] || ' ' || (${topics})[c.ti]
        || CASE WHEN c.r_tail > 0.65 THEN ' ' || ${p.pick(V.titleTails)} ELSE '' END,
      'Sinds ' || ${p.pick(V.periods)} || ' melden ' || ${p.pick(V.reporters, 1.4)} || ' over de ' || (${topics})[c.ti]
        || ' dat ' || ${p.pick(V.symptoms, 1.2)} || '. De oorzaak ligt vermoedelijk in ' || ${p.pick(V.causes, 1.2)}
        || '. Ongeveer ' || replace(to_char(3 + floor(power(random(), 3) * 20000), 'FM999G999'), ',', '.')
        || ' ' || ${p.pick(V.affected)} || ' zijn getroffen; ' || ${p.pick(V.consequences, 1.3)} || '. '
        || CASE WHEN random() < 0.6 THEN 'De meeste meldingen komen uit ' || ${p.pick(V.places, 1.8)} || '. ' ELSE '' END
        || ${p.pick(V.measures)}
        -- A case number is unique: the long tail of rare words a real register has.
        || CASE WHEN c.r_tail < 0.3 THEN ' Zaaknummer Z-' || extract(year FROM c.reported_at) || '-'
             || lpad(c.g::text, 7, '0') || '.' ELSE '' END
        || CASE WHEN c.r_remark < 0.45 THEN ' ' || ${p.pick(V.remarks)} ELSE '' END
        || CASE WHEN c.r_remark > 0.8 THEN ' Er zijn ook signalen over de ' || ${p.pick(
          V.topics.map(([t]) => t),
          1.6,
        )} || '.' ELSE '' END,
      c.occurred_at, c.reported_at, c.reported_by_id, c.severity, c.public_attention, c.source,
      CASE WHEN c.status = 'reported' AND c.r_cause < 0.8 THEN NULL ELSE c.cause_level END,
      ARRAY(SELECT DISTINCT t FROM unnest(ARRAY[(${topicTags})[c.ti], (${problemTags})[c.pi],
        CASE WHEN random() < 0.3 THEN ${p.pick(V.extraTags, 1.5)} END,
        CASE WHEN random() < 0.1 THEN ${p.pick(V.extraTags)} END]) t WHERE t IS NOT NULL),
      CASE WHEN c.r_confidential < 0.05 THEN 'confidential' ELSE 'internal' END,
      c.status,
      c.r_recurrence < 0.03,
      ${closedAt},
      c.reported_at,
      COALESCE(${closedAt}, c.reported_at)
    FROM (
      SELECT b.*,
        ${o.pick(o.chains, 'b.oi', 'b.r_chain', 1.7)} AS chain_id,
        CASE WHEN b.r_team < 0.08 THEN NULL ELSE ${o.pick(o.teams, 'b.oi', 'b.r_team')} END AS team_id,
        ${o.pick(o.people, 'b.oi', 'b.r_person')} AS reported_by_id,
        (${o.ids})[b.oi] AS organisation_id,
        CASE b.severity
          ${sev('critical', [
            ['none', 25],
            ['local', 20],
            ['national', 35],
            ['parliamentary', 20],
          ])}
          ${sev('high', [
            ['none', 50],
            ['local', 20],
            ['national', 22],
            ['parliamentary', 8],
          ])}
          ELSE ${weighted('b.r_attention', [
            ['none', 80],
            ['local', 12],
            ['national', 6],
            ['parliamentary', 2],
          ])}
        END AS public_attention,
        ${weighted('b.r_source', [
          ['complaint', 30],
          ['staff', 24],
          ['partner', 12],
          ['media', 9],
          ['inspection', 7],
          ['ombudsman', 6],
          ['parliamentary-question', 5],
          ['other', 7],
        ])} AS source,
        ${weighted('b.r_cause', [
          ['implementation', 38],
          ['policy', 20],
          ['chain', 15],
          ['legislation', 12],
          ['politics', 6],
          [null, 9],
        ])} AS cause_level,
        CASE
          WHEN b.age < 14 THEN ${byAge([
            ['reported', 55],
            ['analysing', 35],
            ['lessons-drawn', 7],
            ['closed', 3],
          ])}
          WHEN b.age < 90 THEN ${byAge([
            ['reported', 15],
            ['analysing', 40],
            ['lessons-drawn', 25],
            ['closed', 20],
          ])}
          WHEN b.age < 365 THEN ${byAge([
            ['reported', 3],
            ['analysing', 12],
            ['lessons-drawn', 30],
            ['closed', 55],
          ])}
          ELSE ${byAge([
            ['reported', 1],
            ['analysing', 4],
            ['lessons-drawn', 20],
            ['closed', 75],
          ])}
        END AS status,
        b.reported_at - make_interval(secs => power(b.r_occurred, 3) * 30 * 86400) AS occurred_at,
        LEAST(b.reported_at + make_interval(days => 5 + floor(b.r_close * 120)::int), ${anchorTs}) AS closes_at
      FROM (
        SELECT a.*,
          ${o.choose('a.r_org')} AS oi,
          ${weighted('a.r_severity', [
            ['low', 38],
            ['medium', 37],
            ['high', 18],
            ['critical', 7],
          ])} AS severity,
          ${anchor} - a.day AS age,
          ((a.day + make_interval(hours => CASE WHEN a.r_office < 0.9 THEN 8 + floor(a.r_hour * 9)::int
                                                 ELSE floor(a.r_hour * 24)::int END,
                                   mins => floor(a.r_minute * 60)::int))::timestamp
            AT TIME ZONE 'Europe/Amsterdam') AS reported_at
        FROM (
          SELECT z.*,
            -- Most reports come in on working days: most weekend days move to a weekday of that week.
            CASE WHEN extract(isodow FROM z.day0) >= 6 AND z.r_weekend < 0.85
                 THEN z.day0 - (extract(isodow FROM z.day0)::int - 1) + floor(z.r_weekend / 0.85 * 5)::int
                 ELSE z.day0 END AS day
          FROM (
            SELECT g, ${sqlUuid(seed, 'incident', 'g')} AS id,
              ${draws.map((name) => `random() AS r_${name}`).join(', ')},
              ${p.index(V.topics.length, 1.6)} AS ti,
              ${p.index(V.problems.length, 1.3)} AS pi,
              -- Incident g is the g-th reported (rows go in in time order, as in a real register);
              -- density grows linearly to three times the first day's (inverse CDF of 1 + 2t).
              ${anchor} - 1 - floor((1 - (sqrt(1 + 8 * ((g - random()) / ${world.incidents})) - 1) / 2) * ${SPAN_DAYS})::int AS day0
            FROM generate_series(__LO__, __HI__) AS g
            OFFSET 0
          ) z
          OFFSET 0
        ) a
        OFFSET 0
      ) b
      OFFSET 0
    ) c`;
  // The chunk bounds come last, after every vocabulary parameter.
  return sql
    .replace('__LO__', `$${p.values.length + 1}::int`)
    .replace('__HI__', `$${p.values.length + 2}::int`);
}
