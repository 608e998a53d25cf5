/** A realistic lesson drawn from an incident, as POST /v1/lessons takes it. */
export function incidentLessonBody(incidentId: string) {
  return {
    sourceType: 'incident',
    sourceId: incidentId,
    title: 'Test de betaalketen na elke wijziging',
    observation: 'Betalingen liepen vertraging op.',
    insight: 'Wijzigingen werden niet end-to-end getest.',
    recommendation: 'Test elke wijziging in de hele keten.',
    addressedRole: 'contractor',
  };
}
