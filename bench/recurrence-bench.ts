import 'reflect-metadata';
import { dataSourceOptions } from '@app/database';
import { AccessRole } from '@app/domain/access/access-role';
import { AccessService } from '@app/domain/access/access.service';
import { Principal } from '@app/domain/access/principal';
import { ConfidentialityFilter } from '@app/domain/incidents/confidentiality-filter';
import { INCIDENT_SIMILARITY } from '@app/domain/incidents/incident-similarity';
import { SimilarIncidentsService } from '@app/domain/incidents/similar-incidents.service';
import { Clock } from '@app/domain/shared/clock';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { incidentBodies } from './http/scenarios';
import { BenchContext } from './lib/bench-context';
import { benchDatabaseUrl } from './lib/bench-database';
import { cliOptions, count, log } from './lib/cli';
import { resultsDir } from './lib/paths';
import { percentile } from './lib/percentile';

const USAGE = `Measures the recurrence check of an incident create (SimilarIncidentsService.recurrences) on a
generated database, for the bodies the incident-create scenarios send (short titles, and titles of 80
to 140 characters), and compares it with a reference that reads every learned incident of the
organisation: the 20 nearest titles by trigram similarity, scored by the same rule.

  npm run build && node dist/bench/recurrence-bench.js --database leerlus_bench_1m [--bodies 50] [--no-reference]

  --database      the generated database (its context file is bench/results/<database>.context.json)
  --bodies        bodies of each kind (default 30)
  --no-reference  skip the reference (it reads every learned incident: about 3.5 s a body at 1M)`;

interface Flags {
  database?: string;
  bodies?: string;
  'no-reference'?: boolean;
}

interface Body {
  chainId: string;
  title: string;
  description: string;
}

/** Every learned incident of the organisation read: what the bounded check is measured against. */
const REFERENCE = `
  WITH n AS MATERIALIZED (
    SELECT ${INCIDENT_SIMILARITY.normalisedTitle('x.title')} AS rough_title,
           ${INCIDENT_SIMILARITY.scoredTitle('x.title')} AS norm_title,
           to_tsvector('dutch_unaccent', x.title || ' ' || x.description) AS search
    FROM (SELECT $2::text AS title, $3::text AS description) x),
  c AS (
    SELECT i.search, ${INCIDENT_SIMILARITY.scoredTitle('i.title')} AS norm_title
    FROM learned_incidents s JOIN incidents i ON i.id = s.incident_id, n
    WHERE s.organisation_id = $1 AND i.confidentiality <> 'confidential'
    ORDER BY similarity(${INCIDENT_SIMILARITY.normalisedTitle('s.title')}, n.rough_title) DESC
    LIMIT 20)
  SELECT max(${INCIDENT_SIMILARITY.score}) AS best FROM c, n`;

async function main(): Promise<void> {
  const flags = cliOptions<Flags>(USAGE, {
    database: { type: 'string' },
    bodies: { type: 'string' },
    'no-reference': { type: 'boolean' },
  });
  const database = flags.database ?? 'leerlus_bench_1m';
  const context: BenchContext = JSON.parse(readFileSync(resultsDir(`${database}.context.json`), 'utf8'));
  const bodies = count(flags.bodies, 30, '--bodies');
  const dataSource = new DataSource(dataSourceOptions(benchDatabaseUrl(database), 1));
  await dataSource.initialize();
  try {
    const service = new SimilarIncidentsService(new ConfidentialityFilter(new AccessService(), new Clock()));
    const [{ organisationId }] = await dataSource.query(
      `SELECT organisation_id AS "organisationId" FROM chains WHERE id = $1`,
      [context.chainIds[0]],
    );
    // A lead sees every incident of the organisation, so the best match listed is the best there is,
    // as in the reference.
    const lead: Principal = {
      personId: context.tokens.lead.personId,
      organisationId,
      accessRole: AccessRole.Lead,
      systemAdmin: false,
      locale: 'nl',
    };
    for (const titles of ['short', 'long-titles'] as const) {
      const drafts: Body[] = incidentBodies(context, bodies, titles).map((body) => JSON.parse(body));
      const ms: number[] = [];
      let flagged = 0;
      let agree = 0;
      let best = 0;
      let referenceBest = 0;
      for (const draft of drafts) {
        const started = performance.now();
        const result = await service.recurrences(
          dataSource,
          lead,
          {
            organisationId,
            chainId: context.chainIds[0],
            confidential: false,
            title: draft.title,
            description: draft.description,
            reportedAt: new Date(),
          },
          10,
        );
        ms.push(performance.now() - started);
        flagged += Number(result.length > 0);
        best += result[0]?.similarity ?? 0;
        if (flags['no-reference']) continue;
        const [reference] = await dataSource.query(REFERENCE, [
          organisationId,
          draft.title,
          draft.description,
        ]);
        const referenceScore = Number(reference.best ?? 0);
        referenceBest += referenceScore;
        agree += Number(result.length > 0 === referenceScore >= INCIDENT_SIMILARITY.threshold);
      }
      ms.sort((a, b) => a - b);
      const round = (n: number) => Math.round(n * 10) / 10;
      log(
        `${titles}: ${drafts.length} checks, p50 ${round(percentile(ms, 50))} ms, p95 ${round(percentile(ms, 95))} ms, ` +
          `flagged ${flagged}, best match ${(best / drafts.length).toFixed(3)} on average` +
          (flags['no-reference']
            ? ''
            : `; reference: same flag for ${agree} of ${drafts.length}, best ${(referenceBest / drafts.length).toFixed(3)} on average`),
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
