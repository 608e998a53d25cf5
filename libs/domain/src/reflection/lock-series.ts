import { EntityManager } from 'typeorm';

/**
 * Locks a series first, as whatever changes its sessions, agendas and messages takes it (see
 * lockSeriesOfSession): two changes of one series take turns instead of waiting for each other.
 */
export async function lockSeries(m: EntityManager, seriesId: string): Promise<void> {
  await m.query(`SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE`, [seriesId]);
}
