import { MigrationInterface, QueryRunner } from 'typeorm';

/** A tag as normaliseTag (libs/domain/src/incidents/normalise-tag.ts) stores it. */
const NORMALISED = (tag: string) => `lower(regexp_replace(btrim(${tag}), '\\s+', '-', 'g'))`;

/**
 * Tags written as the API stores them: lower case, inner spaces as hyphens, no duplicates (first
 * one kept in place). Best practices took tags as typed until now, and the demo seed wrote tags
 * with spaces, which the `tag` filter (normalised the same way) could not find.
 */
export class NormaliseTags1764630000000 implements MigrationInterface {
  name = 'NormaliseTags1764630000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['incidents', 'best_practices']) {
      await q.query(`
        UPDATE ${table} SET tags = ARRAY(
          SELECT tag FROM (SELECT ${NORMALISED('t')} AS tag, min(n) AS n FROM unnest(tags) WITH ORDINALITY u (t, n) GROUP BY 1) s
          ORDER BY n)
        WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t <> ${NORMALISED('t')})
           OR cardinality(tags) <> (SELECT count(DISTINCT t) FROM unnest(tags) t)`);
    }
  }

  async down(): Promise<void> {
    // The tags as typed are gone; normalised tags are valid for the older code too.
  }
}
