import { EntityManager } from 'typeorm';
import { PersonEntity } from '../governance/person.entity';
import { ReflectionSeriesEntity } from './reflection-series.entity';

/**
 * A series with its participants. Locking and the participants join are done apart: Postgres
 * refuses FOR UPDATE on the nullable side of an outer join.
 */
export async function loadSeries(
  m: EntityManager,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ReflectionSeriesEntity | null> {
  const series = await m.findOne(ReflectionSeriesEntity, {
    where: { id },
    ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!series) return null;
  series.participants = await m
    .createQueryBuilder()
    .relation(ReflectionSeriesEntity, 'participants')
    .of(series)
    .loadMany<PersonEntity>();
  return series;
}
