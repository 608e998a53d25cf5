export enum OrganisationKind {
  Ministerie = 'ministerie',
  Provincie = 'provincie',
  Uitvoeringsorganisatie = 'uitvoeringsorganisatie',
  Gemeente = 'gemeente',
  Overig = 'overig',
}
