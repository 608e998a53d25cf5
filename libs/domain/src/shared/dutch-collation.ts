/**
 * Names sort as Dutch readers expect (ICU): "de Vries" between "Dam" and "Dijk", not after every
 * capital, and "Ådne" with the A's; the database's own collation (C.UTF-8) sorts by code point.
 */
export const DUTCH_COLLATION = '"nl-NL-x-icu"';
