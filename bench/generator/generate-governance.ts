import { BulkLoader } from './bulk-loader';
import { insertRows } from './insert-rows';
import { SeededRandom } from '../lib/seeded-random';
import { VOCABULARY } from './vocabulary';
import { World, WorldChain, WorldOrganisation } from './world';

const ORGANISATIONS = [
  {
    name: 'Dienst Toeslagen en Uitkeringen',
    kind: 'uitvoeringsorganisatie',
    domain: 'dtu',
    weight: 0.85,
    chains: 35,
    teams: 20,
  },
  {
    name: 'Ministerie van Werk en Inkomen',
    kind: 'ministerie',
    domain: 'minwi',
    weight: 0.07,
    chains: 7,
    teams: 10,
  },
  { name: 'Provincie Zuidoever', kind: 'provincie', domain: 'zuidoever', weight: 0.05, chains: 4, teams: 8 },
  {
    name: 'Gemeente Lindenhaven',
    kind: 'gemeente',
    domain: 'lindenhaven',
    weight: 0.03,
    chains: 4,
    teams: 8,
  },
] as const;

/**
 * Organisations, teams, people (with team memberships) and 50 chains with full triangles.
 * People scale with the number of incidents (about one per 400 in the main organisation).
 */
export async function generateGovernance(
  loader: BulkLoader,
  rng: SeededRandom,
  incidents: number,
  anchor: Date,
): Promise<World> {
  const random = rng.fork('governance');
  const mainPeople = Math.min(3000, Math.max(60, Math.round(incidents / 400)));
  const organisations: WorldOrganisation[] = [];
  const orgRows: unknown[][] = [];
  const teamRows: unknown[][] = [];
  const personRows: unknown[][] = [];
  const membershipRows: unknown[][] = [];
  const chainRows: unknown[][] = [];
  const assignmentRows: unknown[][] = [];
  const created = new Date(anchor.getTime() - 3.2 * 365 * 86400_000);
  let chainNumber = 0;

  for (const [o, spec] of ORGANISATIONS.entries()) {
    const org: WorldOrganisation = {
      id: rng.uuid('organisation', o),
      name: spec.name,
      kind: spec.kind,
      weight: spec.weight,
      teamIds: [],
      peopleIds: [],
      leadIds: [],
      memberIds: [],
      chains: [],
      themes: [],
    };
    organisations.push(org);
    orgRows.push([org.id, org.name, org.kind, created, created]);

    for (let t = 0; t < spec.teams; t++) {
      const id = rng.uuid('team', o, t);
      org.teamIds.push(id);
      const name = VOCABULARY.teamNames[t % VOCABULARY.teamNames.length];
      teamRows.push([
        id,
        org.id,
        t < VOCABULARY.teamNames.length ? name : `${name} ${t}`,
        null,
        created,
        created,
      ]);
    }

    const peopleCount = o === 0 ? mainPeople : Math.min(300, Math.max(20, Math.round(mainPeople / 10)));
    // Senior leads fill the triangles: the first three own chains (SG/pSG), the rest direct.
    const seniors = Math.max(8, Math.round(peopleCount * 0.06));
    for (let p = 0; p < peopleCount; p++) {
      const id = rng.uuid('person', o, p);
      // The first three are the admin, lead and member the benchmark tokens belong to.
      const role =
        p === 0
          ? 'admin'
          : p === 1
            ? 'lead'
            : p === 2
              ? 'member'
              : p < 3 + seniors
                ? 'lead'
                : otherRole(random.next());
      const first = random.pick(VOCABULARY.firstNames);
      const last = random.pick(VOCABULARY.lastNames);
      const email = `${first}.${last.replace(/ /g, '')}.${p}@${spec.domain}.leerlus.example`.toLowerCase();
      org.peopleIds.push(id);
      if (role === 'lead') org.leadIds.push(id);
      else if (role === 'member') org.memberIds.push(id);
      personRows.push([
        id,
        org.id,
        `${first} ${last}`,
        email,
        role,
        random.chance(0.05) ? 'en' : 'nl',
        created,
        created,
      ]);
      for (const teamId of random.sample(org.teamIds, random.chance(0.2) ? 2 : 1))
        membershipRows.push([id, teamId]);
    }

    for (let c = 0; c < spec.chains; c++) {
      const id = rng.uuid('chain', chainNumber);
      const name = VOCABULARY.chainNames[chainNumber % VOCABULARY.chainNames.length];
      chainNumber++;
      const seniorIds = org.leadIds.slice(1, 1 + seniors);
      const ownerId = seniorIds[c % 3];
      const [contractorId, ...commissioners] = random.sample(seniorIds.slice(3), 3);
      const commissionerIds = commissioners.slice(0, random.chance(0.3) ? 2 : 1);
      const chain: WorldChain = { id, name, ownerId, commissionerIds, contractorId };
      org.chains.push(chain);
      chainRows.push([
        id,
        org.id,
        `Keten ${name}`,
        `Beleidsketen ${name}: van beleid tot uitvoering.`,
        created,
        created,
      ]);
      const from = isoDate(created);
      const assign = (personId: string, role: string, validFrom: string, validTo: string | null, n: number) =>
        assignmentRows.push([
          rng.uuid('assignment', id, role, n),
          id,
          personId,
          role,
          validFrom,
          validTo,
          created,
          created,
        ]);
      assign(ownerId, 'owner', from, null, 0);
      commissionerIds.forEach((personId, n) => assign(personId, 'commissioner', from, null, n));
      if (random.chance(0.3)) {
        // An earlier contractor: the triangle keeps its history.
        const previous = random.pick(org.memberIds.length ? org.memberIds : org.leadIds);
        const changed = isoDate(new Date(created.getTime() + random.int(100, 700) * 86400_000));
        assign(previous, 'contractor', from, isoDate(new Date(Date.parse(changed) - 86400_000)), 1);
        assign(contractorId, 'contractor', changed, null, 0);
      } else assign(contractorId, 'contractor', from, null, 0);
    }
  }

  const pool = loader.pool;
  const stamps = ['created_at', 'updated_at'];
  await insertRows(pool, 'organisations', ['id', 'name', 'kind', ...stamps], orgRows);
  await insertRows(pool, 'teams', ['id', 'organisation_id', 'name', 'description', ...stamps], teamRows);
  await insertRows(
    pool,
    'people',
    ['id', 'organisation_id', 'name', 'email', 'access_role', 'locale', ...stamps],
    personRows,
  );
  await insertRows(pool, 'person_teams', ['person_id', 'team_id'], membershipRows);
  await insertRows(pool, 'chains', ['id', 'organisation_id', 'name', 'description', ...stamps], chainRows);
  await insertRows(
    pool,
    'role_assignments',
    ['id', 'chain_id', 'person_id', 'role', 'valid_from', 'valid_to', ...stamps],
    assignmentRows,
  );
  return { seed: rng.seed, anchor, incidents, organisations, main: organisations[0] };
}

function otherRole(draw: number): string {
  return draw < 0.01 ? 'admin' : draw < 0.04 ? 'lead' : 'member';
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
