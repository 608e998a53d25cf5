/**
 * The offered media type an Accept header prefers (RFC 9110 §12.5.1), or null when it allows none.
 * Each offer takes the quality of the most specific range that matches it (`text/csv` over
 * `text/*` over `*\/*`); parameters other than q are not compared, so `application/json;
 * charset=utf-8` takes `application/json`. Ties go to the order of `offered`. An empty header
 * allows anything, as no header does.
 */
export function bestMediaType(accept: string, offered: readonly string[]): string | null {
  const ranges = accept
    .split(',')
    .map((range) => range.split(';').map((part) => part.trim()))
    .filter(([media]) => media)
    .map(([media, ...parameters]) => {
      const q = parameters.find((p) => /^q=/i.test(p));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { media: media.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0 };
    });
  if (ranges.length === 0) return offered[0] ?? null;
  let best: { type: string; quality: number } | null = null;
  for (const type of offered) {
    const [main, sub] = type.split('/');
    let match: { specificity: number; quality: number } | null = null;
    for (const range of ranges) {
      const [rangeMain, rangeSub] = range.media.split('/');
      if (!(
        (rangeMain === '*' && rangeSub === '*') ||
        (rangeMain === main && (rangeSub === '*' || rangeSub === sub))
      ))
        continue;
      const specificity = rangeMain === '*' ? 0 : rangeSub === '*' ? 1 : 2;
      if (!match || specificity > match.specificity) match = { specificity, quality: range.quality };
    }
    if (match && match.quality > 0 && (!best || match.quality > best.quality))
      best = { type, quality: match.quality };
  }
  return best?.type ?? null;
}
