import { MigrationInterface, QueryRunner } from 'typeorm';

/** IsTagList's pattern (libs/domain/src/incidents/tag-pattern.ts) as this migration knew it. */
const TAG = /^[\p{Ll}\p{N}]+(-[\p{Ll}\p{N}]+)*$/u;

/**
 * A stored tag as the API takes one, or '' for none: composed accents, lower case, every run of
 * anything but letters and digits (white space of every kind, punctuation of every script) as a
 * hyphen, none at either end.
 */
function asTaken(tag: string): string {
  const mapped = tag
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{Ll}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return TAG.test(mapped) ? mapped.slice(0, 50).replace(/-+$/, '') : '';
}

/**
 * Every stored tag in the form IsTagList takes, so a record's tags can be sent back as they are and
 * the `tag` filter finds them. Migration 1764630000000 did this in SQL for case, ASCII white space
 * and ASCII punctuation; PostgreSQL's classes (in a C.UTF-8 database) leave no-break spaces, other
 * scripts' punctuation and decomposed accents alone, so the rows with anything outside a-z, 0-9
 * and single hyphens are read here and written again where JavaScript's Unicode classes change them.
 */
export class TagsAsTheApiTakesThem1764650000000 implements MigrationInterface {
  name = 'TagsAsTheApiTakesThem1764650000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['incidents', 'best_practices']) {
      // One pass over the table (walking it by id took 21 s at a million incidents, 3 s this way);
      // the rows with any tag outside a-z, 0-9 and hyphens are few.
      const rows: { id: string; tags: string[] }[] = await q.query(
        `SELECT id, tags FROM ${table}
         WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t !~ '^[a-z0-9]+(-[a-z0-9]+)*$')`,
      );
      for (const { id, tags } of rows) {
        const taken = [...new Set(tags.map(asTaken).filter((tag) => tag !== ''))];
        if (JSON.stringify(taken) !== JSON.stringify(tags))
          await q.query(`UPDATE ${table} SET tags = $2 WHERE id = $1`, [id, taken]);
      }
    }
  }

  async down(): Promise<void> {
    // The tags as they were are gone; the ones written are valid for the older code too.
  }
}
