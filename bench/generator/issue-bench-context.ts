import { QueryResult, QueryResultRow } from 'pg';
import { hashToken, newTokenSecret } from '@app/domain/governance/token-secret';
import { Quarter } from '@app/domain/reports/quarter';
import { BenchContext, BenchPerson } from '../lib/bench-context';
import { BenchMarker } from '../lib/bench-database';
import { SeededRandom } from '../lib/seeded-random';
import { VOCABULARY } from './vocabulary';

const TOKEN_NAME = 'leerlus-bench';

/** A pg Pool or Client. */
interface Queryable {
  query<R extends QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * Issues fresh API tokens for the main organisation's admin, lead and member (revoking earlier
 * benchmark tokens) and collects the ids the HTTP scenarios use. Works on any database the
 * generator made, from its marker alone: the ids follow from the seed.
 */
export async function issueBenchContext(
  pool: Queryable,
  database: string,
  marker: BenchMarker,
): Promise<BenchContext> {
  const rng = new SeededRandom(marker.seed);
  const organisationId = rng.uuid('organisation', 0);
  await pool.query(
    `UPDATE api_tokens SET revoked_at = now(), updated_at = now(), version = version + 1
      WHERE name = $1 AND revoked_at IS NULL`,
    [TOKEN_NAME],
  );
  const issue = async (index: number): Promise<BenchPerson> => {
    const personId = rng.uuid('person', 0, index);
    const token = newTokenSecret();
    await pool.query(`INSERT INTO api_tokens (person_id, name, token_hash) VALUES ($1, $2, $3)`, [
      personId,
      TOKEN_NAME,
      hashToken(token),
    ]);
    return { personId, token };
  };
  const tokens = { admin: await issue(0), lead: await issue(1), member: await issue(2) };

  const chains = await pool.query<{ id: string }>(
    `SELECT c.id FROM chains c LEFT JOIN LATERAL (
       SELECT count(*) AS n FROM (SELECT 1 FROM incidents i WHERE i.chain_id = c.id LIMIT 5000) x) k ON true
      WHERE c.organisation_id = $1 ORDER BY k.n DESC, c.id`,
    [organisationId],
  );
  const teams = await pool.query<{ id: string }>(
    `SELECT id FROM teams WHERE organisation_id = $1 ORDER BY id`,
    [organisationId],
  );
  // Incident n has a known id; sample numbers over the whole range and keep the main organisation's.
  const sample = new SeededRandom(`${marker.seed}/context`);
  const candidates = Array.from({ length: 600 }, () => rng.uuid('incident', sample.int(1, marker.incidents)));
  const incidents = await pool.query<{ id: string }>(
    `SELECT id FROM incidents WHERE id = ANY($1::uuid[]) AND organisation_id = $2 AND confidentiality = 'internal'
      LIMIT 300`,
    [candidates, organisationId],
  );
  // A case number is the rarest kind of search there is: a handful of matches in the whole set.
  const caseNumbers = await pool.query<{ term: string }>(
    `SELECT substring(description FROM 'Z-[0-9]{4}-[0-9]{7}') AS term FROM incidents
      WHERE id = ANY($1::uuid[]) AND description LIKE '%Zaaknummer Z-%' ORDER BY id LIMIT 2`,
    [incidents.rows.map((row) => row.id)],
  );
  // The report counts in Dutch local time: the last quarter that ended before the anchor day.
  const closed = Quarter.containing(new Date(marker.anchor)).previous();
  // The calendar feed of the person with the most sessions in the feed's window (30 days back on).
  const feedPerson = await pool.query<{ person_id: string }>(
    `SELECT p.person_id FROM (
       SELECT series_id, person_id FROM reflection_series_participants
       UNION SELECT id, chair_id FROM reflection_series WHERE organisation_id = $1) p
     JOIN reflection_series r ON r.id = p.series_id AND r.organisation_id = $1
     JOIN reflection_sessions s ON s.series_id = r.id AND s.scheduled_at >= $2::timestamptz - interval '30 days'
     GROUP BY p.person_id ORDER BY count(*) DESC, p.person_id LIMIT 1`,
    [organisationId, marker.anchor],
  );
  return {
    database,
    incidents: marker.incidents,
    seed: marker.seed,
    anchor: marker.anchor,
    organisationId,
    tokens,
    chainIds: chains.rows.map((row) => row.id),
    teamIds: teams.rows.map((row) => row.id),
    incidentIds: incidents.rows.map((row) => row.id),
    searchTerms: [...VOCABULARY.searchTerms, ...caseNumbers.rows.map((row) => row.term)],
    quarter: { year: closed.year, quarter: closed.quarter },
    calendarPersonId: feedPerson.rows[0]?.person_id,
  };
}
