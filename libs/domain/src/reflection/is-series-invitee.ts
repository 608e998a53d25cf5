/**
 * SQL condition: the person is invited to the series: its chair, one of its participants, or, for
 * a chain's series, holder of a triangle role in that chain on the day (PRODUCT: each chain's
 * reflection agenda goes to its triangle, as it is then: a new owner in, the former one out).
 * `series` is the reflection_series alias; `person` and `day` are SQL expressions.
 */
export function isSeriesInvitee(series: string, person: string, day: string): string {
  return `(${series}.chair_id = ${person}
    OR EXISTS (SELECT 1 FROM reflection_series_participants sp
               WHERE sp.series_id = ${series}.id AND sp.person_id = ${person})
    OR EXISTS (SELECT 1 FROM role_assignments ra
               WHERE ra.chain_id = ${series}.chain_id AND ra.person_id = ${person}
                 AND ra.valid_from <= ${day} AND (ra.valid_to IS NULL OR ra.valid_to >= ${day})))`;
}
