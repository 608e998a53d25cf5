import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored tag as IsTagList takes one: lower case, words joined by single hyphens; '' for none.
 * Like normaliseTag (libs/domain/src/incidents/normalise-tag.ts) for case and white space; ASCII
 * punctuation, which the API refuses in new tags, becomes a hyphen here, so every stored tag can be
 * sent back as it is.
 */
const NORMALISED = (tag: string) =>
  `regexp_replace(regexp_replace(lower(${tag}), '[\\s\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e]+', '-', 'g'), '^-+|-+$', '', 'g')`;

/**
 * Tags written as the API stores them: lower case, words joined by single hyphens, no empty ones,
 * no duplicates (the first one kept in place). Best practices took tags as typed until now, and
 * the demo seed wrote tags with spaces, which the `tag` filter (normalised the same way) could not
 * find. One pass over each table; it rewrites only the rows whose tags change.
 */
export class NormaliseTags1764630000000 implements MigrationInterface {
  name = 'NormaliseTags1764630000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['incidents', 'best_practices']) {
      await q.query(`
        UPDATE ${table} SET tags = ARRAY(
          SELECT tag FROM (SELECT ${NORMALISED('t')} AS tag, min(n) AS n FROM unnest(tags) WITH ORDINALITY u (t, n) GROUP BY 1) s
          WHERE tag <> '' ORDER BY n)
        WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t <> ${NORMALISED('t')})
           OR cardinality(tags) <> (SELECT count(DISTINCT t) FROM unnest(tags) t)`);
    }
  }

  async down(): Promise<void> {
    // The tags as typed are gone; normalised tags are valid for the older code too.
  }
}
