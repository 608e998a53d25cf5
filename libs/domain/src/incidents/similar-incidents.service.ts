import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { LessonStatus } from '../lessons/lesson-status';
import { ConfidentialityFilter } from './confidentiality-filter';
import { SimilarIncidentDto } from './dto/similar-incident.dto';
import { LinkedLessonDto } from './dto/linked-lesson.dto';

/**
 * How alike two incidents are, 0..1: the better of the trigram similarity of their titles (catches
 * "zorgtoeslag" vs "kinderopvangtoeslag", typos and word order) and the Dice overlap of the Dutch
 * stemmed, accent-free words of title and description (catches the same story told with other
 * titles). 0.3 separates retellings from unrelated incidents on realistic Dutch texts; it is also
 * pg_trgm's default threshold for `%`, which the prefilter below relies on.
 */
const THRESHOLD = 0.3;
const NORMALISED_TITLE = (alias: string) => `leerlus_unaccent(lower(${alias}.title))`;
const SCORE = `GREATEST(
  similarity(${NORMALISED_TITLE('c')}, ${NORMALISED_TITLE('n')}),
  2.0 * (SELECT count(*) FROM unnest(tsvector_to_array(n.search)) AS w WHERE w = ANY (tsvector_to_array(c.search)))
    / NULLIF(length(n.search) + length(c.search), 0)
)`;
// Only candidates sharing a title trigram match or a word can reach the threshold; both tests use an index.
const PREFILTER = `(${NORMALISED_TITLE('c')} % ${NORMALISED_TITLE('n')} OR c.search @@ to_tsquery('simple',
  coalesce(array_to_string(ARRAY(SELECT quote_literal(w) FROM unnest(tsvector_to_array(n.search)) AS w), ' | '), '')))`;

export interface SimilarityOptions {
  /** Only earlier incidents with a validated or embedded lesson (the evidence of a recurrence). */
  withLessonsOnly: boolean;
  limit: number;
}

export interface SimilarityResult {
  /** Every match in the organisation, visible to the caller or not; decides the recurrence flag. */
  anyMatch: boolean;
  /** The matches the caller may see, most similar first, with their lessons. */
  visible: SimilarIncidentDto[];
}

/** Finds earlier incidents that resemble one (recurrence detection, "seen before"). */
@Injectable()
export class SimilarIncidentsService {
  constructor(private readonly confidentiality: ConfidentialityFilter) {}

  async find(
    m: EntityManager,
    actor: Principal,
    incidentId: string,
    options: SimilarityOptions,
  ): Promise<SimilarityResult> {
    const visibility = this.confidentiality.incidents(actor, 'c');
    const lessonsOnly = options.withLessonsOnly
      ? `AND (c.reported_at, c.created_at) < (n.reported_at, n.created_at)
         AND EXISTS (SELECT 1 FROM lessons l WHERE l.source_type = 'incident' AND l.source_id = c.id
                     AND l.status IN ('${LessonStatus.Validated}', '${LessonStatus.Embedded}'))`
      : '';
    const sql = `
      SELECT s.id, s.title, s.reported_at AS "reportedAt", s.similarity, s.visible FROM (
        SELECT c.id, c.title, c.reported_at, ${SCORE} AS similarity, ${visibility.sql} AS visible
        FROM incidents n JOIN incidents c ON c.organisation_id = n.organisation_id AND c.id <> n.id
        WHERE n.id = :incidentId AND ${PREFILTER} ${lessonsOnly}
      ) s
      WHERE s.similarity >= :threshold
      ORDER BY s.visible DESC, s.similarity DESC, s.reported_at DESC, s.id
      LIMIT :limit`;
    const [query, parameters] = m.connection.driver.escapeQueryWithParameters(
      sql,
      { ...visibility.parameters, incidentId, threshold: THRESHOLD, limit: options.limit + 1 },
      {},
    );
    const rows: { id: string; title: string; reportedAt: Date; similarity: string; visible: boolean }[] =
      await m.query(query, parameters);
    const visible = rows.filter((r) => r.visible).slice(0, options.limit);
    const lessons = await this.lessonsOf(
      m,
      visible.map((r) => r.id),
    );
    return {
      anyMatch: rows.length > 0,
      visible: visible.map((r) => ({
        id: r.id,
        title: r.title,
        reportedAt: r.reportedAt,
        similarity: Math.round(Number(r.similarity) * 1000) / 1000,
        lessons: lessons.get(r.id) ?? [],
      })),
    };
  }

  /** Lessons drawn from the given incidents; they are visible exactly when their incident is. */
  private async lessonsOf(m: EntityManager, incidentIds: string[]): Promise<Map<string, LinkedLessonDto[]>> {
    const byIncident = new Map<string, LinkedLessonDto[]>();
    if (incidentIds.length === 0) return byIncident;
    const rows: { sourceId: string; id: string; title: string; status: LessonStatus }[] = await m.query(
      `SELECT source_id AS "sourceId", id, title, status FROM lessons
       WHERE source_type = 'incident' AND source_id = ANY ($1) ORDER BY created_at, id`,
      [incidentIds],
    );
    for (const { sourceId, ...lesson } of rows)
      byIncident.set(sourceId, [...(byIncident.get(sourceId) ?? []), lesson]);
    return byIncident;
  }
}
