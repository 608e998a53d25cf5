import { EntityManager } from 'typeorm';
import { PersonEntity } from '../governance/person.entity';
import { ReflectionSeriesEntity } from './reflection-series.entity';

/**
 * A series with its participants. Locking and the participants join are done apart: Postgres
 * refuses FOR UPDATE on the nullable side of an outer join. `lock: 'skip-locked'` does not wait
 * for another transaction's lock: null then, as for a series that is not there.
 */
export async function loadSeries(
  m: EntityManager,
  id: string,
  options: { lock?: boolean | 'skip-locked' } = {},
): Promise<ReflectionSeriesEntity | null> {
  const lock = options.lock === 'skip-locked' ? { onLocked: 'skip_locked' as const } : {};
  const series = await m.findOne(ReflectionSeriesEntity, {
    where: { id },
    ...(options.lock ? { lock: { mode: 'pessimistic_write' as const, ...lock } } : {}),
  });
  if (!series) return null;
  series.participants = await m
    .createQueryBuilder()
    .relation(ReflectionSeriesEntity, 'participants')
    .of(series)
    .loadMany<PersonEntity>();
  return series;
}
