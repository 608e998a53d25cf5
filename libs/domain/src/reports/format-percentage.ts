/**
 * part / whole as a percentage with one decimal in the reader's language ("54,5%", "54.5%"); null
 * when there is nothing to divide by or the part is not known. From the counts, not from the
 * report's ratio: that is rounded to 4 decimals already, and rounding it again can cross a half
 * (6/11 is 0.5455 in the JSON, 54.5%, not 54.6%).
 */
export function formatPercentage(part: number | null, whole: number, locale: string): string | null {
  if (part === null || whole === 0) return null;
  const format = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: 1 });
  // part * 100 first: an integer, so the one division is the only inexact step.
  return `${format.format((part * 100) / whole)}%`;
}
