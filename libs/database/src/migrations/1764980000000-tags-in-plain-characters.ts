import { MigrationInterface, QueryRunner } from 'typeorm';

/** IsTagList's pattern (libs/domain/src/incidents/tag-pattern.ts) as this migration knew it. */
const TAG = /^(?:\p{L}\p{M}*|\p{N})+(?:-(?:\p{L}\p{M}*|\p{N})+)*$/u;

/**
 * A stored tag as the API takes one since this migration, or '' for none: NFKC, lower case, NFKC
 * again (as normaliseTag), then what NFKC made of a character the pattern refuses (`½` is `1⁄2`,
 * `⑴` is `(1)`) as 1764650000000 did: runs of anything but letters, marks and digits as a hyphen,
 * a mark that follows no letter dropped, at most 50 characters.
 */
function asTaken(tag: string): string {
  const mapped = tag
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKC')
    .replace(/(^|[^\p{L}\p{M}])\p{M}+/gu, '$1')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  // By code point, so a cut never splits a surrogate pair.
  const cut = Array.from(mapped).slice(0, 50).join('').replace(/-+$/, '');
  return TAG.test(cut) ? cut : '';
}

/**
 * Stored tags in compatibility forms (a pasted ligature `ﬁ`, full-width letters, superscript
 * digits) written as the plain characters, as the API now normalises tags and the `tag` filter:
 * `ﬁetsroute` was a tag that `tag=fietsroute` did not find. Duplicates this makes are dropped, the
 * first kept in place. The database holds no rule of its own on tags (no CHECK), so nothing else
 * changes. PostgreSQL picks the rows (IS NFKC NORMALIZED, after a cheap test for plain ASCII tags),
 * one pass over each table; JavaScript maps them, as the API does.
 */
export class TagsInPlainCharacters1764980000000 implements MigrationInterface {
  name = 'TagsInPlainCharacters1764980000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['incidents', 'best_practices']) {
      const rows: { id: string; tags: string[] }[] = await q.query(
        `SELECT id, tags FROM ${table}
         WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t !~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND t IS NOT NFKC NORMALIZED)`,
      );
      for (const { id, tags } of rows) {
        const taken = [...new Set(tags.map(asTaken).filter((tag) => tag !== ''))];
        if (JSON.stringify(taken) !== JSON.stringify(tags))
          await q.query(`UPDATE ${table} SET tags = $2 WHERE id = $1`, [id, taken]);
      }
    }
  }

  async down(): Promise<void> {
    // The compatibility forms are gone; the older code takes the plain tags written here and finds
    // them as typed (but for a letter without case, which it refused in any tag).
  }
}
