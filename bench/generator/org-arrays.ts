import { SqlParams } from './sql-params';
import { World } from './world';

interface FlatList {
  values: string;
  offsets: string;
  counts: string;
}

/**
 * Puts each organisation's chains, teams and people into flat array parameters with offsets, so
 * a generated row can pick one of its own organisation's: `chains[off[o] + k]` for k < cnt[o].
 * Parameters are added only when used: Postgres refuses a statement with an unused one.
 */
export function orgArrays(params: SqlParams, world: World) {
  const orgs = world.organisations;
  const cache = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  const flat = (key: string, lists: () => string[][]): FlatList =>
    once(key, () => {
      const offsets: number[] = [];
      const counts: number[] = [];
      const values: string[] = [];
      for (const list of lists()) {
        offsets.push(values.length);
        counts.push(list.length);
        values.push(...list);
      }
      return {
        values: params.array(values, 'uuid[]'),
        offsets: params.array(offsets, 'int[]'),
        counts: params.array(counts, 'int[]'),
      };
    });
  const ids = () =>
    once('ids', () =>
      params.array(
        orgs.map((org) => org.id),
        'uuid[]',
      ),
    );
  const total = orgs.reduce((sum, org) => sum + org.weight, 0);
  let cumulative = 0;
  const bounds = orgs.map((org) => (cumulative += org.weight / total));
  return {
    get ids() {
      return ids();
    },
    get chains() {
      return flat('chains', () => orgs.map((org) => org.chains.map((chain) => chain.id)));
    },
    get teams() {
      return flat('teams', () => orgs.map((org) => org.teamIds));
    },
    get people() {
      return flat('people', () => orgs.map((org) => org.peopleIds));
    },
    get leads() {
      return flat('leads', () => orgs.map((org) => org.leadIds));
    },
    /** SQL choosing an organisation index (1-based) by weight from a uniform draw. */
    choose: (draw: string) =>
      `(CASE ${bounds
        .slice(0, -1)
        .map((bound, i) => `WHEN ${draw} < ${bound.toFixed(6)} THEN ${i + 1}`)
        .join(' ')} ELSE ${orgs.length} END)`,
    /** SQL for the 1-based organisation index of an organisation id column. */
    indexOf: (column: string) => `array_position(${ids()}, ${column})`,
    /** SQL picking one element of a flat list for organisation index `oi`, skewed to the front. */
    pick: (list: FlatList, oi: string, draw: string, skew = 1) =>
      `(${list.values})[(${list.offsets})[${oi}] + 1 + floor(${skew === 1 ? draw : `power(${draw}, ${skew})`} * (${list.counts})[${oi}])::int]`,
  };
}
