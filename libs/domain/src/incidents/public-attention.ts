/** How much media and political attention an incident has (maatschappelijke aandacht). */
export enum PublicAttention {
  None = 'none',
  Local = 'local',
  National = 'national',
  Parliamentary = 'parliamentary',
}
