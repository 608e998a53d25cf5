/**
 * A change of an incident's audience found incidents whose flags came to rest on it after it locked
 * those resting on it, held by another change: waiting for them there, after the incident and the
 * others, deadlocked. The change starts again with them locked up front (IncidentsService.update).
 */
export class IncidentHeldElsewhere extends Error {
  constructor(readonly incidentIds: string[]) {
    super(`Incidents ${incidentIds.join(', ')} are held by another change`);
    this.name = 'IncidentHeldElsewhere';
  }
}
