/**
 * Below this, alike titles say nothing: two short titles that share one common word ("Storing in
 * de printer", "Storing in betaalstraat": 0.32–0.36) reach the threshold by trigrams alone, where
 * retellings of one story score 0.47 and more ("Vertraging huurtoeslag", "Huurtoeslag vertraagd
 * uitbetaald"; a typo, "Kinderopvangtoslag uitbetalingen": 0.5).
 */
const TITLE_TRIGRAM_FLOOR = 0.4;

/**
 * One shared word says nothing either: two texts of two words each ("Storing in de printer",
 * "Storing in betaalstraat", no description) that share one overlap 2·1/4 = 0.5.
 */
const SHARED_WORDS_FLOOR = 2;

const SHARED_WORDS = '(length(n.search) + length(c.search) - length(n.search || c.search))';

/**
 * How alike two incidents are, 0..1, as SQL over a candidate `c` and the compared incident `n`
 * (each with `norm_title`, the title as scoredTitle makes it, and `search`, the title and
 * description vector): the better of the trigram similarity of their titles (catches
 * "zorgtoeslag" vs "kinderopvangtoeslag", typos and word order, between incidents that share some
 * word of the title: those are the candidates) and the Dice overlap of the Dutch
 * stemmed, accent-free words of title and description (catches the same story told with other
 * words). `threshold` (0.3) separates retellings from unrelated incidents on realistic Dutch texts;
the titles' trigrams count from TITLE_TRIGRAM_FLOOR (0.4) on.
 * The words both have are counted as |A| + |B| - |A ∪ B|: `||` of two vectors merges their words in
 * one pass, where matching each word against an array was quadratic (a fifth of the check's time).
 * The overlap counts from SHARED_WORDS_FLOOR shared words on.
 */
export const INCIDENT_SIMILARITY = {
  threshold: 0.3,
  score: `GREATEST(
  CASE WHEN similarity(c.norm_title, n.norm_title) >= ${TITLE_TRIGRAM_FLOOR}
       THEN similarity(c.norm_title, n.norm_title) ELSE 0 END,
  CASE WHEN ${SHARED_WORDS} >= ${SHARED_WORDS_FLOOR}
       THEN 2.0 * ${SHARED_WORDS} / NULLIF(length(n.search) + length(c.search), 0) ELSE 0 END
)`,
  /** The accent-free lower-case title: cheap, to choose the candidates by (see scoredTitle). */
  normalisedTitle: (title: string) => `leerlus_unaccent(lower(${title}))`,
  /**
   * The same without Dutch stop words, for the score: "Storing in de printer" and "Storing in de
   * kantine" shared the trigrams of "in de" too (0.48, a recurrence), where "storing printer" and
   * "storing kantine" share one word's. The stemmer's own stop list decides (an empty lexeme); that
   * costs some 7 µs a title, so it is done for the scored candidates only.
   */
  scoredTitle: (title: string) => `array_to_string(ARRAY(
    SELECT w FROM regexp_split_to_table(leerlus_unaccent(lower(${title})), '[^[:alnum:]]+') AS w
    WHERE ts_lexize('dutch_stem', w) <> '{}'), ' ')`,
} as const;
