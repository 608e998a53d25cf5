/** A realistic incident report, as POST /v1/incidents takes it. */
export function incidentBody(chainId: string) {
  return {
    chainId,
    title: 'Kinderopvangtoeslag te laat uitbetaald',
    description: 'Duizenden ouders ontvingen hun toeslag twee weken te laat.',
    occurredAt: '2026-06-01T09:00:00+02:00',
    severity: 'high',
    publicAttention: 'national',
    source: 'media',
  };
}
