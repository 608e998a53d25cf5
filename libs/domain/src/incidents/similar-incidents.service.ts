import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { preparedQuery } from '../shared/prepared-query';
import { ConfidentialityFilter } from './confidentiality-filter';
import { SimilarIncidentDto } from './dto/similar-incident.dto';
import { LinkedLessonDto } from './dto/linked-lesson.dto';
import { INCIDENT_SIMILARITY } from './incident-similarity';

const THRESHOLD = INCIDENT_SIMILARITY.threshold;
const NORMALISED_TITLE = INCIDENT_SIMILARITY.normalisedTitle;
const SCORED_TITLE = INCIDENT_SIMILARITY.scoredTitle;
const SCORE = INCIDENT_SIMILARITY.score;
/**
 * How many candidates are scored: a bounded amount of work whatever the size of the register
 * (scoring every incident that shares a word took over 30 s at a million incidents). The price:
 * candidates share a word of the title (a Dutch stem, accents ignored), so a retelling under a title
 * with no word in common, or with a typo in every word, is not found; nor, among many, one whose
 * shared words are all common and which is not among their newest.
 */
const CANDIDATES = 20;
/**
 * Learned incidents looked up per word of the title, newest first. A word rarer than this brings
 * every learned incident that has it; a common one only its newest. At 213,609 learned incidents
 * the check takes 5 ms (p50) for a short title and 9 ms for one of 80–140 characters, and flags the
 * same creates as a reference that reads them all (bench/README.md, npm run bench:recurrence).
 */
const PER_WORD = 40;
/** Words of a title looked up, the longest first (Dutch compounds say the most): bounds a long title's work. */
const LOOKUP_WORDS = 16;

/**
 * Where candidates come from, each bounded whatever the size of the register; `where` filters them
 * on alias `c` (the one-row `n` in scalar subqueries), `visible` is the caller's visibility of `c`.
 * The nearest titles by trigram distance (the GiST index) were the first design: cheap when a
 * near-identical title exists, but without one the walk visits nearly the whole index (150 to
 * 220 ms for an ordinary 100-character title among 213,609 learned incidents, a second among a
 * million incidents).
 */
type CandidateSource = (where: string, candidates: number) => string;

/**
 * Learned incidents (a validated or embedded lesson: the recurrence check) that share a word of
 * the title, from `learned_incident_words` (kept by triggers, migration 1764490000000): per word
 * the newest PER_WORD, so a rare word finds its incidents however many newer ones share a common
 * word; of those the CANDIDATES nearest titles.
 */
const SHARED_WORDS: CandidateSource = (where, candidates) =>
  nearestTitlesOf(
    candidates,
    `
    SELECT DISTINCT ON (c.id) c.* FROM n, unnest(n.title_words) AS w(word)
    CROSS JOIN LATERAL (
      SELECT c.id, c.title, c.reported_at, c.search
      FROM learned_incident_words x JOIN incidents c ON c.id = x.incident_id
      WHERE x.organisation_id = n.organisation_id AND x.word = w.word AND x.reported_at <= n.before
        AND ${where}
      ORDER BY x.reported_at DESC, x.incident_id DESC
      LIMIT ${PER_WORD}) c`,
  );

/** Incidents whose title shares a word looked at, newest first, for every incident: a search's worth. */
const RECENT = 200;
/**
 * Every incident of the organisation: the newest RECENT whose title shares a word with `n`'s
 * (`:titleQuery`, a parameter, so the planner sees the words; the index of title words, migration
 * 1764520000000, gives it their frequency in titles: it walks the date index for common ones and
 * takes the GIN index for rare ones, like a search); of those the CANDIDATES nearest titles.
 */
const SHARING_TITLE_WORDS: CandidateSource = (where, candidates) =>
  nearestTitlesOf(
    candidates,
    `
    SELECT c.id, c.title, c.reported_at, c.search
    FROM incidents c
    WHERE c.organisation_id = (SELECT organisation_id FROM n) AND ${where}
      AND to_tsvector('dutch_unaccent', c.title) @@ CAST(:titleQuery AS tsquery)
    ORDER BY c.reported_at DESC, c.id
    LIMIT ${RECENT}`,
  );

/**
 * The `candidates` (CANDIDATES, or as many as asked for when more) of `rows` whose titles are
 * nearest `n`'s. A number the code sets, written into the text: as a parameter it would give the
 * prepared recurrence check a generic plan that guesses the limit.
 */
function nearestTitlesOf(candidates: number, rows: string): string {
  return `
  SELECT h.* FROM (${rows}) h, n
  ORDER BY similarity(${NORMALISED_TITLE('h.title')}, n.rough_title) DESC, h.reported_at DESC, h.id
  LIMIT ${candidates}`;
}

/** The distinct Dutch stems of a title, as learned_incident_words holds them. */
const TITLE_WORDS = (title: string) => `tsvector_to_array(to_tsvector('dutch_unaccent', ${title}))`;
/** The LOOKUP_WORDS longest of them. */
const LOOKED_UP_WORDS = (title: string) =>
  `ARRAY(SELECT w FROM unnest(${TITLE_WORDS(title)}) AS w ORDER BY length(w) DESC, w LIMIT ${LOOKUP_WORDS})`;
/** Those stems as a tsquery (text) matching any of them, quotes and backslashes escaped. */
const TITLE_QUERY = (title: string) => `(
  SELECT string_agg('''' || replace(replace(w, '\\', '\\\\'), '''', '''''') || '''', ' | ')
  FROM unnest(${TITLE_WORDS(title)}) AS w)`;

export interface SimilarityOptions {
  /** Only earlier incidents with a validated or embedded lesson (the evidence of a recurrence). */
  withLessonsOnly: boolean;
  limit: number;
}

/** A new incident before it is stored: what the recurrence check compares. */
export interface IncidentDraft {
  /** A stored incident checked again (it is not its own recurrence); none for a new one. */
  id?: string;
  organisationId: string;
  chainId: string;
  confidential: boolean;
  title: string;
  description: string;
  reportedAt: Date;
}

/**
 * Earlier incidents everyone who may see the new one may see as well: internal ones, and for a
 * confidential new incident the confidential ones of its chain (the same triangle sees both).
 */
const SEEN_BY_ITS_AUDIENCE = `(c.confidentiality <> 'confidential' OR (:draftConfidential AND c.chain_id = :draftChainId))`;

interface Row {
  id: string;
  title: string;
  reportedAt: Date;
  similarity: string;
  lessons: LinkedLessonDto[] | null;
}

/** Finds earlier incidents that resemble one (recurrence detection, "seen before"). */
@Injectable()
export class SimilarIncidentsService {
  constructor(private readonly confidentiality: ConfidentialityFilter) {}

  /**
   * The recurrence check for a new incident: earlier incidents of its organisation with a
   * validated or embedded lesson that it resembles, among those the reporter may see and everyone
   * who may see the new incident may see too. The flag is stored and shown to all of them: set by
   * a confidential incident one of them may not see, it would tell them that incident exists (a
   * title guessed, a create, and the answer says yes or no), and the list would not say why.
   */
  async recurrences(
    dataSource: DataSource,
    actor: Principal,
    draft: IncidentDraft,
    limit: number,
    transaction?: EntityManager,
  ): Promise<SimilarIncidentDto[]> {
    const n = `SELECT :organisationId::uuid AS organisation_id, CAST(:incidentId AS uuid) AS id,
        :reportedAt::timestamptz AS before,
        ${NORMALISED_TITLE(':title::text')} AS rough_title, ${SCORED_TITLE(':title::text')} AS norm_title,
        ${LOOKED_UP_WORDS(':title::text')} AS title_words,
        to_tsvector('dutch_unaccent', :title::text || ' ' || :description::text) AS search`;
    // Prepared: planning this statement took 1.1 ms of PostgreSQL's CPU per create, a fifth of
    // running it. One statement per text (the caller's visibility rule is part of it). Inside a
    // transaction (an update), on its connection: a second one from the pool, taken while the first
    // holds locks, could wait for ever once every connection is such a transaction.
    const run = (sql: string, values: unknown[]): Promise<Row[]> =>
      transaction
        ? transaction.query(sql, values)
        : preparedQuery<Row>(
            dataSource,
            `leerlus-recurrence-${createHash('sha1').update(sql).digest('hex')}`,
            sql,
            values,
          );
    return this.query(
      transaction ?? dataSource.manager,
      run,
      actor,
      n,
      SHARED_WORDS,
      SEEN_BY_ITS_AUDIENCE,
      limit,
      {
        incidentId: draft.id ?? null,
        draftConfidential: draft.confidential,
        draftChainId: draft.chainId,
        organisationId: draft.organisationId,
        title: draft.title,
        description: draft.description,
        reportedAt: draft.reportedAt,
      },
    );
  }

  /**
   * Whether a stored incident's recurrence flag may rest on this earlier incident as things are
   * now: the reporter may see it, and so may everyone who may see the incident (as in recurrences).
   */
  async mayRestOn(
    m: EntityManager,
    reporter: Principal,
    draft: IncidentDraft,
    earlierId: string,
  ): Promise<boolean> {
    const visibility = this.confidentiality.incidents(reporter, 'c');
    const [query, values] = m.connection.driver.escapeQueryWithParameters(
      `SELECT 1 FROM incidents c
       WHERE c.id = :earlierId AND c.organisation_id = :organisationId AND ${SEEN_BY_ITS_AUDIENCE} AND ${visibility.sql}`,
      {
        ...visibility.parameters,
        earlierId,
        organisationId: draft.organisationId,
        draftConfidential: draft.confidential,
        draftChainId: draft.chainId,
      },
      {},
    );
    return (await m.query(query, values)).length > 0;
  }

  /**
   * Whether an incident (as it reads now) resembles an earlier one, by the score alone: whoever may
   * see it, whatever became of its lessons.
   */
  async resembles(m: EntityManager, draft: IncidentDraft, earlierId: string): Promise<boolean> {
    const [row]: { alike: boolean }[] = await m.query(
      `SELECT ${SCORE} >= $4 AS alike
       FROM (SELECT ${SCORED_TITLE('$1::text')} AS norm_title,
                    to_tsvector('dutch_unaccent', $1::text || ' ' || $2::text) AS search) n,
            (SELECT ${SCORED_TITLE('e.title')} AS norm_title, e.search FROM incidents e WHERE e.id = $3) c`,
      [draft.title, draft.description, earlierId, THRESHOLD],
    );
    return row?.alike === true;
  }

  /** Incidents the caller may see that resemble a stored incident. */
  async similarTo(
    m: EntityManager,
    actor: Principal,
    incidentId: string,
    options: SimilarityOptions,
  ): Promise<SimilarIncidentDto[]> {
    const n = `SELECT organisation_id, id, reported_at AS before, created_at, ${NORMALISED_TITLE('i.title')} AS rough_title,
        ${SCORED_TITLE('i.title')} AS norm_title,
        ${LOOKED_UP_WORDS('i.title')} AS title_words, search
        FROM incidents i WHERE i.id = :incidentId`;
    const run = (sql: string, values: unknown[]): Promise<Row[]> => m.query(sql, values);
    return options.withLessonsOnly
      ? this.query(
          m,
          run,
          actor,
          n,
          SHARED_WORDS,
          '(c.reported_at, c.created_at) < ((SELECT before FROM n), (SELECT created_at FROM n))',
          options.limit,
          { incidentId },
        )
      : this.query(m, run, actor, n, SHARING_TITLE_WORDS, 'TRUE', options.limit, {
          incidentId,
          titleQuery: await this.titleQuery(m, incidentId),
        });
  }

  private async titleQuery(m: EntityManager, incidentId: string): Promise<string | null> {
    const [row]: { query: string | null }[] = await m.query(
      `SELECT ${TITLE_QUERY('i.title')} AS query FROM incidents i WHERE i.id = $1`,
      [incidentId],
    );
    return row?.query ?? null;
  }

  /**
   * Scores the candidates of `source` against `n` (a one-row query): only incidents the caller may
   * see are candidates, so hidden ones take no place among them.
   */
  private async query(
    m: EntityManager,
    run: (sql: string, values: unknown[]) => Promise<Row[]>,
    actor: Principal,
    n: string,
    source: CandidateSource,
    conditions: string,
    limit: number,
    parameters: Record<string, unknown>,
  ): Promise<SimilarIncidentDto[]> {
    const visibility = this.confidentiality.incidents(actor, 'c');
    const where = `c.id IS DISTINCT FROM (SELECT id FROM n) AND ${conditions} AND ${visibility.sql}`;
    const sql = `
      WITH n AS MATERIALIZED (${n}),
      candidates AS (
        SELECT x.*, ${SCORED_TITLE('x.title')} AS norm_title
        FROM (${source(where, Math.max(CANDIDATES, limit))}) x
      ),
      scored AS MATERIALIZED (
        SELECT c.id, c.title, c.reported_at, ${SCORE} AS similarity FROM candidates c, n
      )
      SELECT s.id, s.title, s.reported_at AS "reportedAt", s.similarity, (
               SELECT json_agg(json_build_object('id', l.id, 'title', l.title, 'status', l.status)
                               ORDER BY l.created_at, l.id)
               FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = s.id) AS lessons
      FROM scored s
      WHERE s.similarity >= :threshold
      ORDER BY s.similarity DESC, s.reported_at DESC, s.id
      LIMIT :limit`;
    const [query, values] = m.connection.driver.escapeQueryWithParameters(
      sql,
      {
        ...visibility.parameters,
        ...parameters,
        threshold: THRESHOLD,
        limit,
      },
      {},
    );
    const rows = await run(query, values);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      reportedAt: r.reportedAt,
      similarity: Math.round(Number(r.similarity) * 1000) / 1000,
      lessons: r.lessons ?? [],
    }));
  }
}
