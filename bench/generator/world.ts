/** The organisations, teams, people and chains the generator made; everything else hangs off them. */
export interface World {
  seed: string;
  /** Midnight UTC of the day after the last generated report: "now" for the data. */
  anchor: Date;
  incidents: number;
  organisations: WorldOrganisation[];
  /** The organisation most incidents belong to, and whose people get API tokens. */
  main: WorldOrganisation;
}

export interface WorldOrganisation {
  id: string;
  name: string;
  kind: string;
  /** Share of the incidents. */
  weight: number;
  teamIds: string[];
  peopleIds: string[];
  leadIds: string[];
  memberIds: string[];
  chains: WorldChain[];
  themes: Array<{ id: string; title: string }>;
}

export interface WorldChain {
  id: string;
  name: string;
  ownerId: string;
  commissionerIds: string[];
  contractorId: string;
}
