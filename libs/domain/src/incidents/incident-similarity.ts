/**
 * Below this, alike titles say nothing: two short titles that share one common word ("Storing in
 * de printer", "Storing in betaalstraat": 0.32–0.36) reach the threshold by trigrams alone, where
 * retellings of one story score 0.47 and more ("Vertraging huurtoeslag", "Huurtoeslag vertraagd
 * uitbetaald"; a typo, "Kinderopvangtoslag uitbetalingen": 0.5).
 */
const TITLE_TRIGRAM_FLOOR = 0.4;

/**
 * How alike two incidents are, 0..1, as SQL over a candidate `c` and the compared incident `n`
 * (each with `norm_title`, the accent-free lower-case title, and `search`, the title and
 * description vector): the better of the trigram similarity of their titles (catches
 * "zorgtoeslag" vs "kinderopvangtoeslag", typos and word order, between incidents that share some
 * word of the title: those are the candidates) and the Dice overlap of the Dutch
 * stemmed, accent-free words of title and description (catches the same story told with other
 * words). `threshold` (0.3) separates retellings from unrelated incidents on realistic Dutch texts;
the titles' trigrams count from TITLE_TRIGRAM_FLOOR (0.4) on.
 * The words both have are counted as |A| + |B| - |A ∪ B|: `||` of two vectors merges their words in
 * one pass, where matching each word against an array was quadratic (a fifth of the check's time).
 */
export const INCIDENT_SIMILARITY = {
  threshold: 0.3,
  score: `GREATEST(
  CASE WHEN similarity(c.norm_title, n.norm_title) >= ${TITLE_TRIGRAM_FLOOR}
       THEN similarity(c.norm_title, n.norm_title) ELSE 0 END,
  2.0 * (length(n.search) + length(c.search) - length(n.search || c.search))
    / NULLIF(length(n.search) + length(c.search), 0)
)`,
  normalisedTitle: (alias: string) => `leerlus_unaccent(lower(${alias}.title))`,
} as const;
