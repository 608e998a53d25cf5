import { SeededRandom } from '../lib/seeded-random';
import { VOCABULARY as V } from '../generator/vocabulary';
import { BenchContext } from '../lib/bench-context';
import { PrepareHelpers, Preparation, Scenario } from './scenario';

const q = (params: Record<string, string | number>) =>
  new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();

/**
 * The HTTP scenarios, read-only ones first. Paths rotate over many ids and terms, so no single
 * cached row or plan flatters the figures.
 */
export const SCENARIOS: Scenario[] = [
  {
    key: 'health',
    title: 'Health check (Postgres and Redis round trip)',
    method: 'GET',
    as: null,
    connections: 10,
    prepare: async () => ({ paths: ['/v1/health'] }),
  },
  {
    key: 'people-list',
    title: 'People list (page of 20)',
    method: 'GET',
    as: 'lead',
    connections: 10,
    prepare: async () => ({
      paths: [1, 2, 3, 4, 5].map((page) => `/v1/people?${q({ page, pageSize: 20 })}`),
    }),
  },
  {
    key: 'incidents-filtered',
    title: 'Filtered incident list (severity, status, chain; page of 20)',
    method: 'GET',
    as: 'lead',
    connections: 10,
    target: { metric: 'p95', value: 25, atIncidents: 1_000_000, text: 'p95 ≤ 25 ms at 1,000,000 incidents' },
    prepare: async (context) => ({
      paths: context.chainIds
        .slice(0, 12)
        .flatMap((chainId) => [
          `/v1/incidents?${q({ severity: 'high', status: 'analysing', chainId, pageSize: 20 })}`,
          `/v1/incidents?${q({ severity: 'critical', status: 'reported', chainId, pageSize: 20 })}`,
        ]),
    }),
  },
  {
    key: 'incidents-search',
    title: 'Full-text incident search (Dutch, page of 20)',
    method: 'GET',
    as: 'lead',
    connections: 10,
    target: { metric: 'p95', value: 60, atIncidents: 1_000_000, text: 'p95 ≤ 60 ms at 1,000,000 incidents' },
    prepare: async (context) => ({
      paths: context.searchTerms.map((term) => `/v1/incidents?${q({ q: term, pageSize: 20 })}`),
    }),
  },
  {
    key: 'incident-detail',
    title: 'Incident detail',
    method: 'GET',
    as: 'lead',
    connections: 10,
    prepare: async (context) =>
      context.incidentIds.length
        ? { paths: context.incidentIds.map((id) => `/v1/incidents/${id}`) }
        : { unavailable: 'no sample incident ids in the context file' },
  },
  {
    key: 'quarterly-report',
    title: 'Quarterly report (organisation, JSON)',
    method: 'GET',
    as: 'lead',
    connections: 4,
    target: { metric: 'p50', value: 250, text: 'p50 ≤ 250 ms' },
    prepare: async (context) => ({
      paths: lastQuarters(context.quarter, 4).map(
        ({ year, quarter }) =>
          `/v1/reports/quarterly?${q({ organisationId: context.organisationId, year, quarter })}`,
      ),
    }),
  },
  {
    key: 'calendar-feed',
    title: 'Calendar feed (.ics subscription, token in the path)',
    method: 'GET',
    as: null,
    connections: 10,
    prepare: calendarFeed,
  },
  {
    key: 'incident-create',
    title: 'Create incident',
    method: 'POST',
    as: 'member',
    connections: 16,
    writes: true,
    target: { metric: 'rps', value: 800, text: '≥ 800 requests/s' },
    prepare: async (context) => ({ paths: ['/v1/incidents'], bodies: incidentBodies(context, 500) }),
  },
];

/** Realistic new incidents in the main organisation's chains. */
export function incidentBodies(context: BenchContext, count: number): string[] {
  const random = new SeededRandom(`${context.seed}/create`);
  return Array.from({ length: count }, () => {
    const [topic, tag] = random.pick(V.topics, 1.5);
    const [problem, problemTag] = random.pick(V.problems, 1.3);
    return JSON.stringify({
      chainId: random.pick(context.chainIds),
      teamId: random.pick(context.teamIds),
      title: `${problem} ${topic}`,
      description: `Sinds ${random.pick(V.periods)} melden ${random.pick(V.reporters)} over de ${topic} dat ${random.pick(V.symptoms)}. De oorzaak ligt vermoedelijk in ${random.pick(V.causes)}.`,
      occurredAt: new Date(Date.now() - random.int(1, 72) * 3600_000).toISOString(),
      severity: random.pick(['low', 'medium', 'medium', 'high', 'critical']),
      publicAttention: random.pick(['none', 'none', 'local', 'national']),
      source: random.pick(['complaint', 'staff', 'partner', 'media']),
      tags: [...new Set([tag, problemTag])],
    });
  });
}

function lastQuarters(from: { year: number; quarter: number }, count: number) {
  const quarters: Array<{ year: number; quarter: number }> = [];
  let { year, quarter } = from;
  for (let i = 0; i < count; i++) {
    quarters.push({ year, quarter });
    quarter--;
    if (quarter === 0) [year, quarter] = [year - 1, 4];
  }
  return quarters;
}

/**
 * A calendar feed needs a token the api hands out. The feed endpoints are not built yet, so this
 * tries the likely places a person's feed URL will be found (first GET, then POST to create
 * one) and takes the first `/v1/calendar-feeds/<token>` in any answer; the context file or
 * --calendar-feed-token can also give it.
 */
async function calendarFeed(context: BenchContext, helpers: PrepareHelpers): Promise<Preparation> {
  if (context.calendarFeedToken) return { paths: [`/v1/calendar-feeds/${context.calendarFeedToken}`] };
  const personId = context.tokens.lead.personId;
  const attempts: Array<[string, string]> = [
    ['GET', `/v1/people/${personId}/calendar-feed`],
    ['GET', `/v1/people/${personId}/calendar-feeds`],
    ['GET', '/v1/calendar-feeds'],
    ['POST', `/v1/people/${personId}/calendar-feeds`],
    ['POST', '/v1/calendar-feeds'],
  ];
  for (const [method, path] of attempts) {
    const response = await helpers.request(method, path, 'lead', method === 'POST' ? {} : undefined);
    if (response.status >= 400) continue;
    const token = /\/v1\/calendar-feeds\/([A-Za-z0-9._~-]+)/.exec(JSON.stringify(response.body))?.[1];
    if (token) return { paths: [`/v1/calendar-feeds/${token}`], note: `feed token from ${method} ${path}` };
  }
  return {
    unavailable:
      'no calendar feed token: none of the likely endpoints gave a /v1/calendar-feeds/<token> URL ' +
      '(pass --calendar-feed-token)',
  };
}
