import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { ConfidentialityFilter } from './confidentiality-filter';
import { SimilarIncidentDto } from './dto/similar-incident.dto';
import { LinkedLessonDto } from './dto/linked-lesson.dto';

/**
 * How alike two incidents are, 0..1: the better of the trigram similarity of their titles (catches
 * "zorgtoeslag" vs "kinderopvangtoeslag", typos and word order) and the Dice overlap of the Dutch
 * stemmed, accent-free words of title and description (catches the same story told with other
 * words). 0.3 separates retellings from unrelated incidents on realistic Dutch texts.
 */
const THRESHOLD = 0.3;
const NORMALISED_TITLE = (alias: string) => `leerlus_unaccent(lower(${alias}.title))`;
const SCORE = `GREATEST(
  similarity(c.norm_title, n.norm_title),
  2.0 * (SELECT count(*) FROM unnest(tsvector_to_array(n.search)) AS w WHERE w = ANY (tsvector_to_array(c.search)))
    / NULLIF(length(n.search) + length(c.search), 0)
)`;
/**
 * How many candidates are scored. They come from the GiST trigram index in order of title
 * distance (`<->`), so this bounds the work whatever the size of the register: scoring every
 * incident that shares a word took over 30 s at a million incidents. The price: a retelling
 * under a title unlike the K nearest ones is not found by its words alone.
 */
const CANDIDATES = 20;
/**
 * Where candidates come from: every incident, or only those with a validated or embedded lesson.
 * `learned_incidents` holds the latter (kept by triggers on lessons and incidents, migration
 * 1764480000000-learned-incidents) with their titles under a trigram index of its own, so the
 * nearest learned titles come straight from it instead of from a walk that skips the unlearned
 * majority of the register.
 */
const ALL = { from: 'incidents c', nearest: NORMALISED_TITLE('c') };
const LEARNED = {
  from: `learned_incidents s JOIN incidents c ON c.id = s.incident_id
    AND s.organisation_id = (SELECT organisation_id FROM n)`,
  nearest: NORMALISED_TITLE('s'),
};

export interface SimilarityOptions {
  /** Only earlier incidents with a validated or embedded lesson (the evidence of a recurrence). */
  withLessonsOnly: boolean;
  limit: number;
}

/** A new incident before it is stored: what the recurrence check compares. */
export interface IncidentDraft {
  organisationId: string;
  title: string;
  description: string;
  reportedAt: Date;
}

export interface SimilarityResult {
  /** Whether any incident of the organisation matches, visible to the caller or not. */
  anyMatch: boolean;
  /** The matches the caller may see, most similar first, with their lessons. */
  visible: SimilarIncidentDto[];
}

interface Row {
  id: string;
  title: string;
  reportedAt: Date;
  similarity: string;
  visible: boolean;
  lessons: LinkedLessonDto[] | null;
}

/** Finds earlier incidents that resemble one (recurrence detection, "seen before"). */
@Injectable()
export class SimilarIncidentsService {
  constructor(private readonly confidentiality: ConfidentialityFilter) {}

  /**
   * The recurrence check for a new incident: earlier incidents of its organisation with a
   * validated or embedded lesson that it resembles. The flag is a fact about the organisation's
   * learning, so every earlier incident counts, also one the reporter may not see; the list only
   * names those they may see.
   */
  async recurrences(
    m: EntityManager,
    actor: Principal,
    draft: IncidentDraft,
    limit: number,
  ): Promise<SimilarityResult> {
    const n = `SELECT :organisationId::uuid AS organisation_id, NULL::uuid AS id,
        leerlus_unaccent(lower(:title::text)) AS norm_title,
        to_tsvector('dutch_unaccent', :title::text || ' ' || :description::text) AS search`;
    return this.query(m, actor, n, LEARNED, `AND c.reported_at <= :reportedAt::timestamptz`, true, limit, {
      organisationId: draft.organisationId,
      title: draft.title,
      description: draft.description,
      reportedAt: draft.reportedAt,
    });
  }

  /** Incidents the caller may see that resemble a stored incident. */
  async similarTo(
    m: EntityManager,
    actor: Principal,
    incidentId: string,
    options: SimilarityOptions,
  ): Promise<SimilarIncidentDto[]> {
    const n = `SELECT organisation_id, id, reported_at, created_at, ${NORMALISED_TITLE('i')} AS norm_title, search
        FROM incidents i WHERE i.id = :incidentId`;
    const earlier = options.withLessonsOnly
      ? `AND (c.reported_at, c.created_at) < ((SELECT reported_at FROM n), (SELECT created_at FROM n))`
      : '';
    const source = options.withLessonsOnly ? LEARNED : ALL;
    const result = await this.query(m, actor, n, source, earlier, false, options.limit, { incidentId });
    return result.visible;
  }

  /**
   * Scores the nearest titles of the organisation against `n` (a one-row query). With
   * `countHidden`, candidates the caller may not see are scored too (they decide `anyMatch`);
   * otherwise only visible ones are candidates, so hidden ones take no place among them.
   */
  private async query(
    m: EntityManager,
    actor: Principal,
    n: string,
    source: { from: string; nearest: string },
    conditions: string,
    countHidden: boolean,
    limit: number,
    parameters: Record<string, unknown>,
  ): Promise<SimilarityResult> {
    const visibility = this.confidentiality.incidents(actor, 'c');
    const sql = `
      WITH n AS MATERIALIZED (${n}),
      candidates AS (
        SELECT c.id, c.title, c.reported_at, ${NORMALISED_TITLE('c')} AS norm_title, c.search,
               ${countHidden ? visibility.sql : 'TRUE'} AS visible
        FROM ${source.from}
        WHERE c.organisation_id = (SELECT organisation_id FROM n)
          AND c.id IS DISTINCT FROM (SELECT id FROM n)
          ${countHidden ? '' : `AND ${visibility.sql}`}
          ${conditions}
        ORDER BY ${source.nearest} <-> (SELECT norm_title FROM n)
        LIMIT ${CANDIDATES}
      ),
      scored AS MATERIALIZED (
        SELECT c.id, c.title, c.reported_at, c.visible, ${SCORE} AS similarity FROM candidates c, n
      )
      SELECT s.id, s.title, s.reported_at AS "reportedAt", s.similarity, s.visible,
             CASE WHEN s.visible THEN (
               SELECT json_agg(json_build_object('id', l.id, 'title', l.title, 'status', l.status)
                               ORDER BY l.created_at, l.id)
               FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = s.id) END AS lessons
      FROM scored s
      WHERE s.similarity >= :threshold
      ORDER BY s.visible DESC, s.similarity DESC, s.reported_at DESC, s.id
      LIMIT :limit`;
    const [query, values] = m.connection.driver.escapeQueryWithParameters(
      sql,
      { ...visibility.parameters, ...parameters, threshold: THRESHOLD, limit: limit + 1 },
      {},
    );
    const rows: Row[] = await m.query(query, values);
    return {
      anyMatch: rows.length > 0,
      visible: rows
        .filter((r) => r.visible)
        .slice(0, limit)
        .map((r) => ({
          id: r.id,
          title: r.title,
          reportedAt: r.reportedAt,
          similarity: Math.round(Number(r.similarity) * 1000) / 1000,
          lessons: r.lessons ?? [],
        })),
    };
  }
}
