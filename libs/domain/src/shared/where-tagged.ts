import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Narrows `qb` to rows whose tag array `column` holds any of `tags` (a tag filter). One tag is the
 * containment it was before tag lists were taken; several are an overlap. The GIN index on the
 * tags serves both.
 */
export function whereTagged<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  tags: readonly string[] | undefined,
): SelectQueryBuilder<T> {
  if (tags === undefined) return qb;
  return tags.length === 1
    ? qb.andWhere(`${column} @> ARRAY[:tag]::text[]`, { tag: tags[0] })
    : qb.andWhere(`${column} && ARRAY[:...tags]::text[]`, { tags });
}
