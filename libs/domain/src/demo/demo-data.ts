import { AccessRole } from '../access/access-role';
import { ActionStatus } from '../actions/action-status';
import { BestPracticeStatus } from '../best-practices/best-practice-status';
import { ChainRole } from '../governance/chain-role';
import { OrganisationKind } from '../governance/organisation-kind';
import { CauseLevel } from '../incidents/cause-level';
import { IncidentSource } from '../incidents/incident-source';
import { IncidentStatus } from '../incidents/incident-status';
import { PublicAttention } from '../incidents/public-attention';
import { Severity } from '../incidents/severity';
import { AddressedRole } from '../lessons/addressed-role';
import { LessonResponse } from '../lessons/lesson-response';
import { LessonStatus } from '../lessons/lesson-status';
import { SeriesKind } from '../reflection/series-kind';

// Everything refers to everything else by a short key; the seed turns keys into ids. Moments are
// relative to the day the seed runs (days ago, or days from today for due dates), so the demo
// always looks current: recent incidents, actions due soon and some overdue.

interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  teams: { key: string; name: string; description: string }[];
  /** A person's function is in a comment: Leerlus keeps no job titles. */
  people: { key: string; name: string; role: AccessRole; teams: string[] }[];
  chains: {
    key: string;
    name: string;
    description: string;
    triangle: { role: ChainRole; person: string; since: number }[];
  }[];
  incidents: {
    key: string;
    chain: string;
    team: string;
    reporter: string;
    daysAgo: number;
    title: string;
    description: string;
    severity: Severity;
    attention: PublicAttention;
    source: IncidentSource;
    cause: CauseLevel | null;
    tags: string[];
    confidential?: boolean;
    status: IncidentStatus;
    /**
     * The earlier incident (with a lesson validated before this one was reported) it recurs of. The
     * seed flags it as the create path does, with the recurrence check, and refuses data the check
     * does not agree with: a hard-coded flag was lost at the first edit of the incident.
     */
    recurrenceOf?: string;
  }[];
  bestPractices: {
    key: string;
    chain?: string;
    team: string;
    proposer: string;
    daysAgo: number;
    title: string;
    context: string;
    practice: string;
    evidence: string;
    tags: string[];
    status: BestPracticeStatus;
    endorser?: string;
    adoptions?: { team: string; daysAgo: number; result: string; recorder: string }[];
  }[];
  lessons: {
    key: string;
    source: { incident: string } | { bestPractice: string };
    drawnBy: string;
    daysAgo: number;
    title: string;
    observation: string;
    insight: string;
    recommendation: string;
    addressedRole: AddressedRole;
    status: LessonStatus;
    validator?: string;
    response?: LessonResponse;
    responseReason?: string;
    evidence?: string;
  }[];
  actions: {
    source: { lesson: string } | { incident: string };
    description: string;
    assignee: string;
    creator: string;
    daysAgo: number;
    dueInDays: number;
    status: ActionStatus;
  }[];
  themes: {
    title: string;
    description: string;
    owner: string;
    active: boolean;
    discussedDaysAgo: number | null;
  }[];
  /**
   * Reflection series, meeting at `hour` Dutch time (the sessions ahead are planned with their
   * reminders, as the api plans them); with `held`, the series began ten weeks ago and its latest
   * session that ended was held.
   */
  reflectionSeries: {
    title: string;
    kind: SeriesKind;
    chain: string | null;
    chair: string;
    participants: string[];
    rrule: string;
    hour: number;
    durationMinutes: number;
    location: string;
    held: { minutes: string; decisions: string[]; attendees: string[] } | null;
  }[];
}

const SZW: DemoOrganisation = {
  key: 'szw',
  name: 'Ministerie van Sociale Zaken en Werkgelegenheid',
  kind: OrganisationKind.Ministerie,
  teams: [
    {
      key: 'werknemers',
      name: 'Directie Werknemersregelingen',
      description: 'Beleid voor de WW en de andere werknemersverzekeringen.',
    },
    {
      key: 'ao',
      name: 'Directie Arbeidsongeschiktheid en Re-integratie',
      description: 'Beleid voor de WIA, de Ziektewet en re-integratie.',
    },
    {
      key: 'uitvoering',
      name: 'Directie Uitvoeringsbeleid',
      description: 'Opdrachtgeverschap richting UWV en de uitvoeringstoetsen.',
    },
    {
      key: 'leren',
      name: 'Team Leren en Verbeteren',
      description: 'Ondersteunt de reflectiesessies en houdt het leerregister bij.',
    },
  ],
  people: [
    { key: 'sg', name: 'Marieke van den Berg', role: AccessRole.Lead, teams: [] }, // secretaris-generaal
    // directeur-generaal Sociale Zekerheid en Integratie
    { key: 'dgWw', name: 'Joost Verhoeven', role: AccessRole.Lead, teams: ['werknemers'] },
    // directeur-generaal Werk
    { key: 'dgWia', name: 'Annemiek Bos', role: AccessRole.Lead, teams: ['ao'] },
    // The contractors of SZW's chains are UWV's directors. The roles of a chain are held by people
    // of the chain's organisation, so they have an account in the ministry's register as well.
    // directeur Uitkeren UWV (opdrachtnemer WW)
    { key: 'uwvUitkeren', name: 'Hans Kramer', role: AccessRole.Member, teams: [] },
    // directeur Sociaal Medische Zaken UWV (opdrachtnemer WIA)
    { key: 'uwvSmz', name: 'Saskia de Wit', role: AccessRole.Member, teams: [] },
    // coördinator Leren en Verbeteren
    { key: 'coordinator', name: 'Fatima el Amrani', role: AccessRole.Lead, teams: ['leren'] },
    // senior beleidsmedewerker WW
    { key: 'pieter', name: 'Pieter de Jong', role: AccessRole.Member, teams: ['werknemers'] },
    // beleidsmedewerker WIA
    { key: 'sanne', name: 'Sanne Visser', role: AccessRole.Member, teams: ['ao'] },
    // adviseur uitvoeringstoetsen
    { key: 'thomas', name: 'Thomas Mulder', role: AccessRole.Member, teams: ['uitvoering', 'leren'] },
    // functioneel beheerder Leerlus
    { key: 'ingrid', name: 'Ingrid Smit', role: AccessRole.Admin, teams: ['leren'] },
  ],
  chains: [
    {
      key: 'ww',
      name: 'Werkloosheidswet (WW)',
      description: 'Van wetgeving en beleid bij SZW tot de uitbetaling van WW-uitkeringen door UWV.',
      triangle: [
        { role: ChainRole.Owner, person: 'sg', since: 900 },
        { role: ChainRole.Commissioner, person: 'dgWw', since: 600 },
        { role: ChainRole.Contractor, person: 'uwvUitkeren', since: 700 },
      ],
    },
    {
      key: 'wia',
      name: 'Arbeidsongeschiktheid (WIA)',
      description: 'De WIA-keten: claimbeoordeling, sociaal-medische beoordeling en uitkering.',
      triangle: [
        { role: ChainRole.Owner, person: 'sg', since: 900 },
        { role: ChainRole.Commissioner, person: 'dgWia', since: 400 },
        { role: ChainRole.Contractor, person: 'uwvSmz', since: 500 },
      ],
    },
  ],
  incidents: [
    {
      key: 'betaling',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 170,
      title: 'WW-uitkeringen van ruim 800 klanten te laat uitbetaald na systeemwijziging',
      description:
        'Na de invoering van een nieuwe versie van het betaalsysteem bleef een batch van ruim 800 WW-betalingen ' +
        'drie dagen hangen. Klanten kwamen in de problemen met vaste lasten; de klantenservice werd overspoeld.',
      severity: Severity.High,
      attention: PublicAttention.National,
      source: IncidentSource.Media,
      cause: CauseLevel.Implementation,
      tags: ['betalingen', 'ict'],
      status: IncidentStatus.Closed,
    },
    {
      key: 'inkomstenbrief',
      chain: 'ww',
      team: 'werknemers',
      reporter: 'pieter',
      daysAgo: 150,
      title: 'Onduidelijke brief over inkomstenverrekening leidt tot terugvorderingen',
      description:
        'Veel klanten begrepen niet dat zij inkomsten per maand moesten doorgeven. De brief was juridisch juist ' +
        'maar onleesbaar; het gevolg waren honderden terugvorderingen van kleine bedragen.',
      severity: Severity.High,
      attention: PublicAttention.Parliamentary,
      source: IncidentSource.ParliamentaryQuestion,
      cause: CauseLevel.Policy,
      tags: ['brieven', 'terugvordering'],
      status: IncidentStatus.LessonsDrawn,
    },
    {
      key: 'wachttijd',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 120,
      title: 'Wachttijd telefonische klantenservice WW opgelopen tot 25 minuten',
      description:
        'In de weken na de jaarwisseling liep de gemiddelde wachttijd op tot 25 minuten. Klanten met een ' +
        'betalingsprobleem kwamen niet tijdig door.',
      severity: Severity.Medium,
      attention: PublicAttention.Local,
      source: IncidentSource.Complaint,
      cause: CauseLevel.Implementation,
      tags: ['klantcontact'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'sollicitatieplicht',
      chain: 'ww',
      team: 'werknemers',
      reporter: 'pieter',
      daysAgo: 140,
      title: 'Nationale ombudsman: WW-gerechtigde onterecht gekort wegens sollicitatieplicht',
      description:
        'Een klant die mantelzorg verleende werd gekort omdat hij te weinig had gesolliciteerd. De ombudsman ' +
        'oordeelde dat de regels geen ruimte lieten voor maatwerk en dat die ruimte er wel had moeten zijn.',
      severity: Severity.High,
      attention: PublicAttention.National,
      source: IncidentSource.Ombudsman,
      cause: CauseLevel.Policy,
      tags: ['maatwerk', 'sancties'],
      status: IncidentStatus.LessonsDrawn,
    },
    {
      key: 'wetswijziging',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 160,
      title: 'Wijziging van de WW-duur te laat gecommuniceerd aan de uitvoering',
      description:
        'De uitvoering hoorde pas zes weken voor de ingangsdatum welke overgangsregeling gold. Systemen en ' +
        'werkinstructies moesten in allerijl worden aangepast.',
      severity: Severity.High,
      attention: PublicAttention.None,
      source: IncidentSource.Staff,
      cause: CauseLevel.Chain,
      tags: ['wetgeving', 'uitvoeringstoets'],
      status: IncidentStatus.Closed,
    },
    {
      key: 'vakantiegeld',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 110,
      title: 'Fouten bij de verwerking van vakantiegeld in de WW-uitkering',
      description:
        'Bij ongeveer 300 klanten werd het vakantiegeld dubbel verrekend met inkomsten uit deeltijdwerk.',
      severity: Severity.Medium,
      attention: PublicAttention.None,
      source: IncidentSource.Staff,
      cause: CauseLevel.Implementation,
      tags: ['betalingen'],
      status: IncidentStatus.Closed,
    },
    {
      key: 'hardheid',
      chain: 'ww',
      team: 'werknemers',
      reporter: 'pieter',
      daysAgo: 45,
      title: 'Kamervragen over de hardheid van terugvorderingen bij kleine vergissingen',
      description:
        'Naar aanleiding van berichtgeving stelden drie fracties vragen over terugvorderingen van enkele euro’s ' +
        'met een boete. De wet laat weinig ruimte om af te zien van terugvordering.',
      severity: Severity.Critical,
      attention: PublicAttention.Parliamentary,
      source: IncidentSource.ParliamentaryQuestion,
      cause: CauseLevel.Legislation,
      tags: ['terugvordering', 'menselijke-maat'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'datalek',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 95,
      title: 'Datalek: WW-beschikking naar een verkeerd adres verstuurd',
      description:
        'Door een fout in een adreskoppeling kwam een beschikking met persoonsgegevens bij een andere klant terecht. ' +
        'Het lek is gemeld bij de Autoriteit Persoonsgegevens.',
      severity: Severity.High,
      attention: PublicAttention.Local,
      source: IncidentSource.Complaint,
      cause: CauseLevel.Implementation,
      tags: ['privacy'],
      confidential: true,
      status: IncidentStatus.Closed,
    },
    {
      key: 'toezicht',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 70,
      title: 'Arbeidsinspectie: re-integratie-inspanningen onvoldoende vastgelegd',
      description:
        'De Nederlandse Arbeidsinspectie constateert dat in een derde van de dossiers niet is vastgelegd welke ' +
        'ondersteuning bij werkhervatting is geboden.',
      severity: Severity.Medium,
      attention: PublicAttention.None,
      source: IncidentSource.Inspection,
      cause: CauseLevel.Implementation,
      tags: ['re-integratie', 'dossiervorming'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'werkgevers',
      chain: 'ww',
      team: 'werknemers',
      reporter: 'pieter',
      daysAgo: 12,
      title: 'Werkgevers klagen over dubbele uitvraag van loongegevens',
      description:
        'Werkgeversorganisaties melden dat UWV loongegevens opvraagt die al in de polisadministratie staan.',
      severity: Severity.Low,
      attention: PublicAttention.None,
      source: IncidentSource.Partner,
      cause: CauseLevel.Chain,
      tags: ['werkgevers', 'regeldruk'],
      status: IncidentStatus.Reported,
    },
    {
      key: 'faillissement',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 9,
      title: 'Vertraging bij de behandeling van aanvragen na een groot faillissement',
      description:
        'Na het faillissement van een landelijke winkelketen kwamen in één week 2.400 WW-aanvragen binnen. ' +
        'De behandeltermijn van vier weken wordt niet gehaald.',
      severity: Severity.Medium,
      attention: PublicAttention.Local,
      source: IncidentSource.Partner,
      cause: CauseLevel.Implementation,
      tags: ['piekbelasting', 'aanvragen'],
      status: IncidentStatus.Reported,
    },
    {
      key: 'toezegging',
      chain: 'ww',
      team: 'werknemers',
      reporter: 'dgWw',
      daysAgo: 100,
      title: 'Toezegging aan de Kamer over invoering binnen drie maanden niet uitvoerbaar',
      description:
        'In een debat werd toegezegd een aanpassing binnen drie maanden in te voeren. Een uitvoeringstoets was ' +
        'niet gedaan; UWV gaf aan minstens negen maanden nodig te hebben.',
      severity: Severity.Critical,
      attention: PublicAttention.Parliamentary,
      source: IncidentSource.Staff,
      cause: CauseLevel.Politics,
      tags: ['uitvoeringstoets', 'politieke-druk'],
      confidential: true,
      status: IncidentStatus.LessonsDrawn,
    },
    {
      key: 'inkomstenopgave',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 60,
      title: 'Klanten begrijpen de digitale inkomstenopgave niet',
      description:
        'Uit klantonderzoek blijkt dat een kwart van de klanten het formulier voor de inkomstenopgave verkeerd ' +
        'invult, vooral bij wisselende uren.',
      severity: Severity.Medium,
      attention: PublicAttention.None,
      source: IncidentSource.Complaint,
      cause: CauseLevel.Implementation,
      tags: ['digitale-dienstverlening', 'brieven'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'vrijwilligerswerk',
      chain: 'ww',
      team: 'werknemers',
      reporter: 'pieter',
      daysAgo: 6,
      title: 'Mediabericht: WW’ers die vrijwilligerswerk doen onterecht gekort',
      description:
        'Een landelijk dagblad meldt dat vrijwilligers hun uitkering verloren omdat hun werk als betaald werk ' +
        'werd aangemerkt. De regels hierover zijn onduidelijk.',
      severity: Severity.High,
      attention: PublicAttention.National,
      source: IncidentSource.Media,
      cause: CauseLevel.Legislation,
      tags: ['vrijwilligerswerk', 'menselijke-maat'],
      status: IncidentStatus.Reported,
    },
    {
      key: 'betalingOpnieuw',
      chain: 'ww',
      team: 'uitvoering',
      reporter: 'thomas',
      daysAgo: 4,
      title: 'WW-uitkeringen opnieuw te laat uitbetaald na systeemwijziging',
      description:
        'Na de uitrol van een nieuwe betaalmodule bleef opnieuw een batch WW-betalingen dagen hangen. De ' +
        'ketentest die na het eerste incident was afgesproken, bleek overgeslagen vanwege tijdsdruk; klanten ' +
        'kwamen weer in de problemen met vaste lasten.',
      severity: Severity.High,
      attention: PublicAttention.National,
      source: IncidentSource.Media,
      cause: CauseLevel.Implementation,
      tags: ['betalingen', 'ict'],
      status: IncidentStatus.Reported,
      recurrenceOf: 'betaling',
    },
    {
      key: 'bijstand',
      chain: 'ww',
      team: 'werknemers',
      reporter: 'pieter',
      daysAgo: 35,
      title: 'Gemeenten signaleren een gat tussen einde WW en start bijstand',
      description:
        'Klanten van wie de WW afloopt, melden zich te laat bij de gemeente en zitten weken zonder inkomen.',
      severity: Severity.Medium,
      attention: PublicAttention.Local,
      source: IncidentSource.Partner,
      cause: CauseLevel.Chain,
      tags: ['ketensamenwerking', 'gemeenten'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'achterstand',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 165,
      title: 'Achterstand sociaal-medische beoordelingen opgelopen tot 20.000 aanvragen',
      description:
        'Door een tekort aan verzekeringsartsen liep de voorraad WIA-claimbeoordelingen op. Klanten wachten ' +
        'maanden op een besluit; de wettelijke termijn wordt structureel overschreden.',
      severity: Severity.Critical,
      attention: PublicAttention.Parliamentary,
      source: IncidentSource.Media,
      cause: CauseLevel.Chain,
      tags: ['capaciteit', 'verzekeringsartsen'],
      status: IncidentStatus.LessonsDrawn,
    },
    {
      key: 'herbeoordeling',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 130,
      title: 'Herbeoordelingen uitgesteld zonder bericht aan klanten',
      description:
        'Om capaciteit vrij te maken werden herbeoordelingen uitgesteld. Klanten kregen daarover geen bericht ' +
        'en bleven in onzekerheid.',
      severity: Severity.High,
      attention: PublicAttention.National,
      source: IncidentSource.Complaint,
      cause: CauseLevel.Implementation,
      tags: ['communicatie', 'capaciteit'],
      status: IncidentStatus.Closed,
    },
    {
      key: 'doorlooptijd',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 80,
      title: 'Ombudsman: klant maandenlang zonder inkomen door doorlooptijd WIA-aanvraag',
      description:
        'Een klant viel na twee jaar ziekte zonder inkomen omdat het WIA-besluit uitbleef. Een voorschot werd ' +
        'niet actief aangeboden.',
      severity: Severity.High,
      attention: PublicAttention.National,
      source: IncidentSource.Ombudsman,
      cause: CauseLevel.Implementation,
      tags: ['doorlooptijd', 'menselijke-maat'],
      status: IncidentStatus.LessonsDrawn,
    },
    {
      key: 'rekenregel',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 175,
      title: 'Fout in de rekenregel van de WGA-vervolguitkering',
      description:
        'Een rekenregel hield geen rekening met een wijziging van het minimumloon. Ruim 1.100 uitkeringen waren ' +
        'enkele euro’s per maand te laag.',
      severity: Severity.High,
      attention: PublicAttention.None,
      source: IncidentSource.Staff,
      cause: CauseLevel.Implementation,
      tags: ['betalingen', 'ict'],
      status: IncidentStatus.Closed,
    },
    {
      key: 'beleidsregel',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 50,
      title: 'Verzekeringsartsen: nieuwe beleidsregel niet uitvoerbaar binnen beschikbare tijd',
      description:
        'De beleidsregel vraagt per beoordeling een uitgebreidere rapportage, terwijl de capaciteit al krap is.',
      severity: Severity.Medium,
      attention: PublicAttention.None,
      source: IncidentSource.Staff,
      cause: CauseLevel.Policy,
      tags: ['verzekeringsartsen', 'uitvoerbaarheid'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'rapportages',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 20,
      title: 'Inspectie: rapportages van arbeidsdeskundigen onvoldoende onderbouwd',
      description:
        'In een steekproef was bij 18% van de rapportages de onderbouwing van de geschikte functies mager.',
      severity: Severity.Medium,
      attention: PublicAttention.None,
      source: IncidentSource.Inspection,
      cause: CauseLevel.Implementation,
      tags: ['kwaliteit', 'dossiervorming'],
      status: IncidentStatus.Reported,
    },
    {
      key: 'nietArtsen',
      chain: 'wia',
      team: 'ao',
      reporter: 'dgWia',
      daysAgo: 30,
      title: 'Kamervragen over inzet van niet-artsen bij de claimbeoordeling',
      description:
        'De Kamer vraagt of de taakdelegatie naar sociaal-medisch verpleegkundigen de kwaliteit van de ' +
        'beoordeling aantast.',
      severity: Severity.High,
      attention: PublicAttention.Parliamentary,
      source: IncidentSource.ParliamentaryQuestion,
      cause: CauseLevel.Politics,
      tags: ['verzekeringsartsen', 'politieke-druk'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'bereikbaarheid',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 125,
      title: 'Klachten over de bereikbaarheid van de verzekeringsarts',
      description: 'Klanten kunnen hun verzekeringsarts niet bereiken om een afspraak te verzetten.',
      severity: Severity.Low,
      attention: PublicAttention.None,
      source: IncidentSource.Complaint,
      cause: CauseLevel.Implementation,
      tags: ['klantcontact'],
      status: IncidentStatus.Closed,
    },
    {
      key: 'zonderToets',
      chain: 'wia',
      team: 'ao',
      reporter: 'dgWia',
      daysAgo: 15,
      title: 'Wetsvoorstel vereenvoudiging WIA zonder volledige uitvoeringstoets naar de Raad van State',
      description:
        'Onder tijdsdruk is het wetsvoorstel voor advies verstuurd terwijl de uitvoeringstoets van UWV nog ' +
        'niet af was. UWV heeft zorgen over de haalbaarheid van de invoeringsdatum.',
      severity: Severity.Critical,
      attention: PublicAttention.National,
      source: IncidentSource.Staff,
      cause: CauseLevel.Politics,
      tags: ['uitvoeringstoets', 'politieke-druk', 'wetgeving'],
      confidential: true,
      status: IncidentStatus.Reported,
    },
    {
      key: 'eigenrisico',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 155,
      title: 'Werkgevers missen informatie over eigenrisicodragerschap',
      description:
        'Kleine werkgevers wisten niet dat zij bij eigenrisicodragerschap zelf de re-integratie regelen.',
      severity: Severity.Low,
      attention: PublicAttention.None,
      source: IncidentSource.Partner,
      cause: CauseLevel.Implementation,
      tags: ['werkgevers', 'informatievoorziening'],
      status: IncidentStatus.Closed,
    },
    {
      key: 'medischeGegevens',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 90,
      title: 'Medische gegevens gedeeld met de verkeerde werkgever',
      description:
        'Een rapportage met medische gegevens is per abuis naar een voormalige werkgever van de klant gestuurd.',
      severity: Severity.Critical,
      attention: PublicAttention.Local,
      source: IncidentSource.Complaint,
      cause: CauseLevel.Implementation,
      tags: ['privacy', 'medische-gegevens'],
      confidential: true,
      status: IncidentStatus.LessonsDrawn,
    },
    {
      key: 'bezwaar',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 40,
      title: 'Lange wachttijd in de bezwaarprocedure WIA',
      description: 'Bezwaren tegen WIA-besluiten liggen gemiddeld zes maanden op behandeling te wachten.',
      severity: Severity.Medium,
      attention: PublicAttention.Local,
      source: IncidentSource.Ombudsman,
      cause: CauseLevel.Implementation,
      tags: ['bezwaar', 'doorlooptijd'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'reintegratie',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 3,
      title: 'Regionale omroep: re-integratietraject stopgezet zonder overleg met de klant',
      description: 'Een klant hoorde via zijn werkgever dat zijn traject was beëindigd.',
      severity: Severity.Low,
      attention: PublicAttention.Local,
      source: IncidentSource.Media,
      cause: CauseLevel.Implementation,
      tags: ['re-integratie', 'communicatie'],
      status: IncidentStatus.Reported,
    },
    {
      key: 'schattingsbesluit',
      chain: 'wia',
      team: 'ao',
      reporter: 'sanne',
      daysAgo: 75,
      title: 'Wijziging van het Schattingsbesluit leidt tot onverwachte uitkomsten',
      description:
        'Na de wijziging vielen meer klanten net onder de drempel van 35% arbeidsongeschiktheid dan in de ' +
        'beleidsanalyse was voorzien.',
      severity: Severity.High,
      attention: PublicAttention.None,
      source: IncidentSource.Staff,
      cause: CauseLevel.Legislation,
      tags: ['wetgeving', 'effecten'],
      status: IncidentStatus.LessonsDrawn,
    },
  ],
  bestPractices: [
    {
      key: 'uitvoeringstoets',
      chain: 'ww',
      team: 'uitvoering',
      proposer: 'thomas',
      daysAgo: 150,
      title: 'Uitvoeringstoets als vast onderdeel van elke beleidswijziging',
      context: 'Wijzigingen in de WW bereikten de uitvoering vaak pas als de keuzes al gemaakt waren.',
      practice:
        'Bij elke beleidsvoornemen vraagt de directie een uitvoeringstoets aan bij UWV, vóór het eerste ' +
        'concept naar de bewindspersoon gaat. De toets staat als vaste stap in de planning.',
      evidence: 'Sinds de invoering zijn geen invoeringsdata meer verschoven vanwege onuitvoerbaarheid.',
      tags: ['uitvoeringstoets', 'wetgeving'],
      status: BestPracticeStatus.Adopted,
      endorser: 'sg',
      adoptions: [
        {
          team: 'werknemers',
          daysAgo: 120,
          result: 'Twee voorstellen bijgesteld vóór besluitvorming.',
          recorder: 'pieter',
        },
        { team: 'ao', daysAgo: 60, result: 'Toegepast bij de vereenvoudiging WIA.', recorder: 'sanne' },
      ],
    },
    {
      key: 'klantpanel',
      chain: 'ww',
      team: 'werknemers',
      proposer: 'pieter',
      daysAgo: 90,
      title: 'Klantpanel toetst nieuwe brieven vóór verzending',
      context: 'Brieven over inkomstenverrekening werden slecht begrepen.',
      practice: 'Een panel van twaalf WW-klanten leest nieuwe brieven en geeft binnen een week feedback.',
      evidence: 'Bij de herziene brief daalde het aantal vragen aan de klantenservice met 40%.',
      tags: ['brieven', 'klantcontact'],
      status: BestPracticeStatus.Endorsed,
      endorser: 'dgWw',
    },
    {
      key: 'driehoeksoverleg',
      team: 'leren',
      proposer: 'coordinator',
      daysAgo: 200,
      title: 'Maandelijks driehoeksoverleg met een vaste leeragenda',
      context:
        'Het overleg tussen eigenaar, opdrachtgever en opdrachtnemer ging alleen over de waan van de dag.',
      practice:
        'Het overleg heeft een vast deel van veertig procent voor lessen en lange-termijnthema’s, dat niet ' +
        'wijkt voor actuele kwesties.',
      evidence: 'Acht van de tien geplande sessies gingen door; vier lessen werden in één kwartaal geborgd.',
      tags: ['driehoeksmodel', 'reflectie'],
      status: BestPracticeStatus.Adopted,
      endorser: 'sg',
      adoptions: [
        { team: 'uitvoering', daysAgo: 150, result: 'Vaste agenda ingevoerd.', recorder: 'thomas' },
        {
          team: 'ao',
          daysAgo: 100,
          result: 'Ook voor de WIA-keten ingevoerd; eerste sessie was direct productief.',
          recorder: 'sanne',
        },
      ],
    },
    {
      key: 'dashboard',
      chain: 'wia',
      team: 'ao',
      proposer: 'sanne',
      daysAgo: 14,
      title: 'Werkvoorraaddashboard gedeeld tussen departement en UWV',
      context: 'Het departement hoorde pas van de achterstand toen die al in de media stond.',
      practice: 'UWV en SZW kijken wekelijks naar hetzelfde dashboard met voorraden en doorlooptijden.',
      evidence: 'Nog in de proeffase.',
      tags: ['capaciteit', 'sturing'],
      status: BestPracticeStatus.Proposed,
    },
    {
      key: 'crisisoverleg',
      chain: 'ww',
      team: 'werknemers',
      proposer: 'dgWw',
      daysAgo: 300,
      title: 'Dagelijks crisisoverleg bij mediadruk',
      context: 'Bij landelijke media-aandacht ontbrak een vast overleg.',
      practice: 'Bij mediadruk komen beleid, communicatie en uitvoering dagelijks een kwartier bijeen.',
      evidence: 'Vervangen door de escalatieladder in het driehoeksoverleg.',
      tags: ['politieke-druk'],
      status: BestPracticeStatus.Retired,
      endorser: 'sg',
    },
  ],
  lessons: [
    {
      key: 'ketentest',
      source: { incident: 'betaling' },
      drawnBy: 'thomas',
      daysAgo: 150,
      title: 'Test de betaalketen van begin tot eind vóór elke release',
      observation: 'De wijziging was per component getest, maar niet in samenhang met de bank.',
      insight: 'Tijdsdruk maakte dat de ketentest werd ingekort.',
      recommendation:
        'Geen release van het betaalsysteem zonder geslaagde ketentest; de eigenaar bewaakt dit.',
      addressedRole: AddressedRole.Contractor,
      status: LessonStatus.Embedded,
      validator: 'dgWw',
      response: LessonResponse.Adopted,
      responseReason:
        'Een fout in één schakel bleek pas bij de burger zichtbaar; de ketentest vangt dat vóór de release.',
      evidence: 'De ketentest is opgenomen in het releaseproces van UWV.',
    },
    {
      key: 'brieven',
      source: { incident: 'inkomstenbrief' },
      drawnBy: 'pieter',
      daysAgo: 120,
      title: 'Laat brieven door klanten testen voordat ze worden verstuurd',
      observation: 'De brief was juridisch correct maar werd niet begrepen.',
      insight: 'Beleid schreef voor juristen, niet voor de klant.',
      recommendation: 'Elke nieuwe of gewijzigde brief wordt vooraf getoetst door een klantpanel.',
      addressedRole: AddressedRole.Commissioner,
      status: LessonStatus.Validated,
      validator: 'dgWw',
      response: LessonResponse.Adopted,
      responseReason:
        'Klantpanels vonden in de proef de helft van de onduidelijke zinnen; dat weegt op tegen de extra week.',
    },
    {
      key: 'maatwerk',
      source: { incident: 'sollicitatieplicht' },
      drawnBy: 'pieter',
      daysAgo: 110,
      title: 'Geef de uitvoering ruimte voor maatwerk bij sancties',
      observation: 'De regels dwongen een korting af die niemand redelijk vond.',
      insight: 'Zonder hardheidsclausule kan de uitvoering geen menselijke maat bieden.',
      recommendation: 'Neem bij sanctieregels een hardheidsclausule op en leg uit hoe die te gebruiken.',
      addressedRole: AddressedRole.Commissioner,
      status: LessonStatus.Validated,
      validator: 'dgWw',
      response: LessonResponse.Partially,
      responseReason: 'Een hardheidsclausule vraagt een wetswijziging; eerst wordt de beleidsregel verruimd.',
    },
    {
      key: 'vroegBetrekken',
      source: { incident: 'wetswijziging' },
      drawnBy: 'thomas',
      daysAgo: 140,
      title: 'Betrek de uitvoering vanaf de eerste schets van een wetswijziging',
      observation: 'De uitvoering werd pas geïnformeerd toen de keuzes vastlagen.',
      insight: 'Late betrokkenheid maakt invoeringsproblemen onvermijdelijk.',
      recommendation: 'Nodig de opdrachtnemer uit bij de eerste verkenning van elke wijziging.',
      addressedRole: AddressedRole.All,
      status: LessonStatus.Embedded,
      validator: 'sg',
      response: LessonResponse.Adopted,
      responseReason:
        'Bij de laatste twee wetswijzigingen kwam de uitvoeringstoets te laat om het ontwerp nog bij te sturen.',
      evidence: 'Opgenomen in het werkproces wetgeving; twee keer toegepast.',
    },
    {
      key: 'toezeggingen',
      source: { incident: 'toezegging' },
      drawnBy: 'coordinator',
      daysAgo: 90,
      title: 'Doe toezeggingen over invoeringstermijnen pas na een uitvoeringstoets',
      observation: 'Een toezegging in het debat bleek niet uitvoerbaar.',
      insight: 'Politieke druk in het debat verdrong de rol van de eigenaar als bewaker van het stelsel.',
      recommendation:
        'De eigenaar spreekt met de bewindspersoon af dat termijnen pas na een toets worden genoemd.',
      addressedRole: AddressedRole.Owner,
      status: LessonStatus.Draft,
    },
    {
      key: 'capaciteit',
      source: { incident: 'achterstand' },
      drawnBy: 'sanne',
      daysAgo: 140,
      title: 'Stuur op capaciteit in de hele keten, niet alleen op productie',
      observation: 'De achterstand werd pas zichtbaar toen die al onbeheersbaar was.',
      insight: 'Sturing richtte zich op productieaantallen, niet op de beschikbare artsen.',
      recommendation: 'Neem de capaciteitsprognose van verzekeringsartsen op in elk kwartaalgesprek.',
      addressedRole: AddressedRole.Owner,
      status: LessonStatus.Validated,
      validator: 'sg',
      response: LessonResponse.Adopted,
      responseReason:
        'Productiesturing verschoof de achterstand naar de volgende schakel; ketenbrede sturing voorkomt dat.',
    },
    {
      key: 'voorschot',
      source: { incident: 'doorlooptijd' },
      drawnBy: 'sanne',
      daysAgo: 60,
      title: 'Bied bij lange doorlooptijd actief een voorschot aan',
      observation: 'De klant wist niet dat een voorschot mogelijk was.',
      insight: 'De mogelijkheid bestond wel, maar niemand voelde zich verantwoordelijk om die te noemen.',
      recommendation:
        'UWV informeert klanten proactief over een voorschot zodra de termijn dreigt te verlopen.',
      addressedRole: AddressedRole.Contractor,
      status: LessonStatus.Draft,
    },
    {
      key: 'vierOgen',
      source: { incident: 'rekenregel' },
      drawnBy: 'sanne',
      daysAgo: 170,
      title: 'Vier-ogenprincipe bij het wijzigen van rekenregels',
      observation: 'Eén ontwikkelaar paste de rekenregel aan zonder review.',
      insight: 'Handmatige controle schoot tekort bij jaarlijkse bedragwijzigingen.',
      recommendation: 'Elke wijziging van een rekenregel wordt door een tweede specialist gecontroleerd.',
      addressedRole: AddressedRole.Contractor,
      status: LessonStatus.Retired,
      validator: 'dgWia',
      response: LessonResponse.Adopted,
      responseReason: 'Eén onopgemerkte wijziging in een rekenregel raakte duizenden beschikkingen.',
      evidence: 'Vervangen door geautomatiseerde regressietests op alle rekenregels.',
    },
    {
      key: 'adressering',
      source: { incident: 'medischeGegevens' },
      drawnBy: 'sanne',
      daysAgo: 80,
      title: 'Controleer de adressering automatisch bij stukken met medische gegevens',
      observation: 'Een voormalige werkgever stond nog als actuele werkgever geregistreerd.',
      insight: 'Handmatig adresseren is foutgevoelig bij wisselende dienstverbanden.',
      recommendation:
        'Stukken met medische gegevens gaan alleen naar adressen die automatisch zijn geverifieerd.',
      addressedRole: AddressedRole.Contractor,
      status: LessonStatus.Embedded,
      validator: 'dgWia',
      response: LessonResponse.Adopted,
      responseReason:
        'Een verkeerd geadresseerd stuk met medische gegevens is een datalek; een automatische controle is goedkoop.',
      evidence: 'Verificatiestap staat sinds twee maanden in het verzendproces.',
    },
    {
      key: 'effecten',
      source: { incident: 'schattingsbesluit' },
      drawnBy: 'sanne',
      daysAgo: 50,
      title: 'Toets de effecten van een regelwijziging op echte dossiers',
      observation: 'De beleidsanalyse rekende met gemiddelden.',
      insight: 'Effecten rond een drempel zijn met gemiddelden niet te zien.',
      recommendation: 'Laat UWV een steekproef van dossiers doorrekenen vóór besluitvorming.',
      addressedRole: AddressedRole.Commissioner,
      status: LessonStatus.Draft,
    },
    {
      key: 'leeragenda',
      source: { bestPractice: 'driehoeksoverleg' },
      drawnBy: 'coordinator',
      daysAgo: 95,
      title: 'Bescherm de leertijd in overleggen tegen de waan van de dag',
      observation: 'Met een vast leerdeel gingen sessies door, ook in drukke weken.',
      insight: 'Een vaste reservering maakt reflectie minder afhankelijk van de agenda van de dag.',
      recommendation: 'Reserveer in elk driehoeksoverleg een vast deel voor lessen en thema’s.',
      addressedRole: AddressedRole.All,
      status: LessonStatus.Validated,
      validator: 'sg',
      response: LessonResponse.Adopted,
      responseReason: 'Reflectie werd drie keer achter elkaar verdrongen door actuele incidenten.',
    },
  ],
  actions: [
    {
      source: { lesson: 'brieven' },
      description: 'Klantpanel inrichten voor de toetsing van alle WW-brieven',
      assignee: 'pieter',
      creator: 'pieter',
      daysAgo: 100,
      dueInDays: 21,
      status: ActionStatus.Open,
    },
    {
      source: { lesson: 'maatwerk' },
      description: 'Beleidsregel sollicitatieplicht herzien zodat er ruimte is voor maatwerk',
      assignee: 'pieter',
      creator: 'dgWw',
      daysAgo: 100,
      dueInDays: -10,
      status: ActionStatus.Open,
    },
    {
      source: { lesson: 'capaciteit' },
      description: 'Capaciteitsprognose verzekeringsartsen opnemen in het kwartaalgesprek met UWV',
      assignee: 'uwvSmz',
      creator: 'dgWia',
      daysAgo: 130,
      dueInDays: -30,
      status: ActionStatus.Open,
    },
    {
      source: { lesson: 'ketentest' },
      description: 'Ketentest betaalsysteem verplicht stellen in het releaseproces',
      assignee: 'uwvUitkeren',
      creator: 'thomas',
      daysAgo: 145,
      dueInDays: -90,
      status: ActionStatus.Done,
    },
    {
      source: { incident: 'wachttijd' },
      description: 'Tijdelijke extra bezetting klantenservice WW tijdens de jaarwisseling',
      assignee: 'uwvUitkeren',
      creator: 'thomas',
      daysAgo: 115,
      dueInDays: -80,
      status: ActionStatus.Cancelled,
    },
    {
      source: { lesson: 'toezeggingen' },
      description: 'Werkafspraak over toezeggingen aan de Kamer opstellen met de bewindspersoon',
      assignee: 'coordinator',
      creator: 'coordinator',
      daysAgo: 80,
      dueInDays: 45,
      status: ActionStatus.Open,
    },
    {
      source: { incident: 'achterstand' },
      description: 'Wekelijkse rapportage over de achterstand sociaal-medische beoordelingen aan de DG',
      assignee: 'sanne',
      creator: 'dgWia',
      daysAgo: 60,
      dueInDays: -3,
      status: ActionStatus.Open,
    },
    {
      source: { lesson: 'adressering' },
      description: 'Automatische adresverificatie invoeren voor stukken met medische gegevens',
      assignee: 'uwvSmz',
      creator: 'sanne',
      daysAgo: 78,
      dueInDays: -20,
      status: ActionStatus.Done,
    },
    {
      source: { incident: 'vrijwilligerswerk' },
      description: 'Casusanalyse vrijwilligerswerk en reactie aan de Kamer voorbereiden',
      assignee: 'pieter',
      creator: 'dgWw',
      daysAgo: 5,
      dueInDays: 5,
      status: ActionStatus.Open,
    },
    {
      source: { lesson: 'vroegBetrekken' },
      description: 'Uitvoeringsparagraaf opnemen in het sjabloon voor wetsvoorstellen',
      assignee: 'thomas',
      creator: 'coordinator',
      daysAgo: 40,
      dueInDays: 60,
      status: ActionStatus.Open,
    },
  ],
  themes: [
    {
      title: 'Ruimte voor reflectie onder politieke druk',
      description:
        'Publieke aandacht is vloek en zegen: zij geeft urgentie, maar verdringt de rust om te leren. ' +
        'Hoe houden we tijd voor reflectie juist als de druk hoog is?',
      owner: 'sg',
      active: true,
      discussedDaysAgo: 35,
    },
    {
      title: 'Rolvastheid in de driehoek',
      description: 'Eigenaar, opdrachtgever en opdrachtnemer blijven in hun rol, ook bij incidenten.',
      owner: 'dgWw',
      active: true,
      discussedDaysAgo: null,
    },
    {
      title: 'Vertrouwen van burgers in de sociale zekerheid',
      description: 'Wat merken burgers van onze lessen? Hoe meten we of de menselijke maat terugkomt?',
      owner: 'dgWia',
      active: true,
      discussedDaysAgo: 70,
    },
    {
      title: 'Digitalisering van de uitvoering',
      description:
        'Afgesloten thema; de lessen zijn ondergebracht bij het programma Digitale Dienstverlening.',
      owner: 'coordinator',
      active: false,
      discussedDaysAgo: 200,
    },
  ],
  reflectionSeries: [
    {
      title: 'Reflectie bestuursraad: leren van signalen',
      kind: SeriesKind.Leadership,
      chain: null,
      chair: 'sg',
      participants: ['dgWw', 'dgWia', 'coordinator'],
      rrule: 'FREQ=MONTHLY;BYDAY=1TU',
      hour: 10,
      durationMinutes: 90,
      location: 'Parnassusplein 5, Den Haag, zaal 4.12',
      held: {
        minutes:
          'De bestuursraad besprak hoe publieke aandacht de ruimte voor reflectie verdringt. De te late ' +
          'WW-betalingen lieten zien dat de les over proefdraaien met echte gegevens nog niet overal beklijft.',
        decisions: [
          'Elke systeemwijziging in de WW-keten krijgt een proefbetaling met echte gegevens.',
          'Het thema publieke druk komt over drie maanden terug op de agenda.',
        ],
        attendees: ['sg', 'dgWw', 'dgWia', 'coordinator'],
      },
    },
    {
      title: 'Driehoeksoverleg WW: wat leert de uitvoering ons?',
      kind: SeriesKind.Triangle,
      chain: 'ww',
      chair: 'dgWw',
      participants: ['thomas'],
      rrule: 'FREQ=WEEKLY;INTERVAL=6;BYDAY=TH',
      hour: 14,
      durationMinutes: 60,
      location: 'Online (Teams)',
      held: null,
    },
  ],
};

const UWV: DemoOrganisation = {
  key: 'uwv',
  name: 'Uitvoeringsinstituut Werknemersverzekeringen',
  kind: OrganisationKind.Uitvoeringsorganisatie,
  teams: [
    { key: 'kcc', name: 'Klantcontactcentrum', description: 'Telefonisch en digitaal klantcontact.' },
    { key: 'uitkeren', name: 'Team Uitkeren WW Amsterdam', description: 'Behandeling van WW-aanvragen.' },
    {
      key: 'smz',
      name: 'Sociaal Medische Zaken Utrecht',
      description: 'Verzekeringsartsen en arbeidsdeskundigen.',
    },
    { key: 'bezwaar', name: 'Bezwaar en Beroep', description: 'Behandeling van bezwaren tegen besluiten.' },
  ],
  people: [
    // voorzitter Raad van Bestuur
    { key: 'rvb', name: 'Karin Hendriks', role: AccessRole.Lead, teams: [] },
    { key: 'mehmet', name: 'Mehmet Yılmaz', role: AccessRole.Lead, teams: ['kcc'] }, // teamleider
    { key: 'linda', name: 'Linda Dekker', role: AccessRole.Member, teams: ['kcc'] }, // kwaliteitsadviseur
    { key: 'bram', name: 'Bram van Dijk', role: AccessRole.Member, teams: ['uitkeren'] }, // klantmanager WW
    { key: 'noor', name: 'Noor Bakker', role: AccessRole.Member, teams: ['smz'] }, // verzekeringsarts
    { key: 'erik', name: 'Erik Janssen', role: AccessRole.Admin, teams: [] }, // functioneel beheerder
  ],
  chains: [
    {
      key: 'klantcontact',
      name: 'Klantcontact WW',
      description: 'Van de vraag van de klant aan de telefoon of online tot het antwoord van de behandelaar.',
      triangle: [
        { role: ChainRole.Owner, person: 'rvb', since: 800 },
        { role: ChainRole.Commissioner, person: 'mehmet', since: 300 },
        { role: ChainRole.Contractor, person: 'bram', since: 200 },
      ],
    },
  ],
  incidents: [
    {
      key: 'wachttijd',
      chain: 'klantcontact',
      team: 'kcc',
      reporter: 'linda',
      daysAgo: 25,
      title: 'Wachttijd klantcontactcentrum opgelopen tot 25 minuten na wijziging van het belmenu',
      description:
        'Na een nieuwe keuze in het belmenu kwamen bellers over een WW-aanvraag in de verkeerde wachtrij. ' +
        'De gemiddelde wachttijd liep in twee weken op van 6 naar 25 minuten.',
      severity: Severity.Medium,
      attention: PublicAttention.Local,
      source: IncidentSource.Complaint,
      cause: CauseLevel.Implementation,
      tags: ['klantcontact', 'telefonie'],
      status: IncidentStatus.Analysing,
    },
    {
      key: 'dubbeleBevestiging',
      chain: 'klantcontact',
      team: 'uitkeren',
      reporter: 'bram',
      daysAgo: 12,
      title: 'Aanvragers WW kregen twee bevestigingsmails met een verschillende ingangsdatum',
      description:
        'Een fout in de koppeling met het aanvraagportaal stuurde een tweede bevestiging met de datum van ' +
        'de eerste werkdag in plaats van de datum van de aanvraag. Klanten belden om te vragen welke klopt.',
      severity: Severity.Low,
      attention: PublicAttention.None,
      source: IncidentSource.Staff,
      cause: CauseLevel.Chain,
      tags: ['aanvragen', 'communicatie'],
      status: IncidentStatus.Reported,
    },
  ],
  bestPractices: [
    {
      key: 'belafspraak',
      team: 'kcc',
      proposer: 'linda',
      daysAgo: 120,
      title: 'Vaste belafspraak bij complexe aanvragen',
      context:
        'Aanvragers met meerdere werkgevers of wisselende inkomsten liepen vast in het digitale proces.',
      practice:
        'Binnen twee werkdagen belt een vaste behandelaar op een afgesproken tijd en loopt de aanvraag door.',
      evidence: 'Herhaalde contacten daalden met 35%; klanttevredenheid steeg van 6,8 naar 7,9.',
      tags: ['klantcontact', 'aanvragen'],
      status: BestPracticeStatus.Adopted,
      endorser: 'rvb',
      adoptions: [
        { team: 'uitkeren', daysAgo: 80, result: 'Minder bezwaren na afwijzing.', recorder: 'bram' },
        { team: 'bezwaar', daysAgo: 40, result: 'Ook ingezet vóór de hoorzitting.', recorder: 'linda' },
      ],
    },
    {
      key: 'samenBeoordelen',
      team: 'smz',
      proposer: 'noor',
      daysAgo: 60,
      title: 'Verzekeringsarts en arbeidsdeskundige beoordelen samen',
      context: 'Rapportages spraken elkaar soms tegen, wat tot bezwaren leidde.',
      practice:
        'Bij twijfelgevallen voeren de verzekeringsarts en de arbeidsdeskundige één gezamenlijk gesprek.',
      evidence: 'In de proefregio daalde het aantal gegronde bezwaren met een kwart.',
      tags: ['kwaliteit', 'verzekeringsartsen'],
      status: BestPracticeStatus.Endorsed,
      endorser: 'rvb',
    },
    {
      key: 'terugbelbelofte',
      team: 'kcc',
      proposer: 'mehmet',
      daysAgo: 10,
      title: 'Terugbelbelofte binnen één werkdag',
      context: 'Klanten hingen lang in de wacht bij piekdrukte.',
      practice: 'De klant kiest een terugbelmoment; de belofte wordt binnen één werkdag nagekomen.',
      evidence: 'Eerste weken: 96% van de beloftes nagekomen.',
      tags: ['klantcontact'],
      status: BestPracticeStatus.Proposed,
    },
  ],
  lessons: [
    {
      key: 'vasteBehandelaar',
      source: { bestPractice: 'belafspraak' },
      drawnBy: 'linda',
      daysAgo: 70,
      title: 'Een vaste behandelaar voorkomt herhaalde contacten',
      observation: 'Klanten met één aanspreekpunt belden minder vaak terug.',
      insight: 'Continuïteit in het contact geeft vertrouwen en voorkomt fouten in de overdracht.',
      recommendation: 'Wijs bij complexe aanvragen standaard een vaste behandelaar toe.',
      addressedRole: AddressedRole.Contractor,
      status: LessonStatus.Draft,
    },
  ],
  actions: [
    {
      source: { lesson: 'vasteBehandelaar' },
      description: 'Belafspraak opnemen in de werkinstructie voor complexe aanvragen',
      assignee: 'linda',
      creator: 'mehmet',
      daysAgo: 30,
      dueInDays: 10,
      status: ActionStatus.Open,
    },
    {
      source: { lesson: 'vasteBehandelaar' },
      description: 'Planning klantcontactcentrum aanpassen zodat vaste behandelaars bereikbaar zijn',
      assignee: 'mehmet',
      creator: 'mehmet',
      daysAgo: 30,
      dueInDays: -7,
      status: ActionStatus.Open,
    },
  ],
  themes: [
    {
      title: 'Vakmanschap van professionals',
      description: 'Ruimte voor het oordeel van de professional binnen de regels.',
      owner: 'rvb',
      active: true,
      discussedDaysAgo: 20,
    },
    {
      title: 'De menselijke maat in de uitvoering',
      description: 'Hoe herkennen we schrijnende gevallen op tijd en wat mogen we dan doen?',
      owner: 'mehmet',
      active: true,
      discussedDaysAgo: null,
    },
  ],
  reflectionSeries: [
    {
      title: 'Teamreflectie klantcontact',
      kind: SeriesKind.Team,
      chain: 'klantcontact',
      chair: 'mehmet',
      participants: ['linda', 'bram'],
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE',
      hour: 9,
      durationMinutes: 60,
      location: 'Kantoor Amsterdam, Karspeldreef 8, ruimte 2.03',
      held: null,
    },
  ],
};

/** The demo: a ministry with two chains and its implementing agency; SZW's coordinator (a lead) gets the token. */
export const DEMO_DATA = {
  organisations: [SZW, UWV],
  tokenHolder: { organisation: 'szw', person: 'coordinator' },
};
